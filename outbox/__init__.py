"""The transactional outbox: every side effect (e-mail, index update, PDF, reminder) is a row.

A task declared with `base=OutboxTask` is called as any Celery task (`send_email.delay(...)`,
`apply_async(eta=...)`), but the call writes an `OutboxMessage` in the caller's transaction
instead of talking to the broker. Once that transaction commits, a relay hands the rows to
Celery (or, without a broker, runs them in-process); a beat sweep re-sends whatever is due and
was not done (the broker was down, a worker died, a retry's back-off elapsed). The task claims
its row before running and marks it done after, so each side effect happens once: a broker
outage delays work and loses none. Rows that keep failing are kept, and shown in the admin.
"""
