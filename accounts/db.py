"""Database helpers the ORM has no method for, shared by every app."""

from django.db import connections, models, router


def insert_unless_exists(obj: models.Model, *, unique_fields: tuple[str, ...]) -> bool:
    """INSERT `obj` unless a row with the same `unique_fields` exists; True when it was inserted.

    `INSERT … ON CONFLICT (…) DO NOTHING RETURNING pk`, which PostgreSQL and SQLite (3.35+)
    both understand. A concurrent inserter of the same key waits for the other transaction and
    then inserts nothing, without an IntegrityError: no aborted transaction to roll back, no
    error in the server's log for a double click, one statement instead of a look-up and an
    insert. (`bulk_create(ignore_conflicts=True)` would not return the new primary key.)
    The unique constraint on `unique_fields` must exist. Values are prepared by the model's own
    fields, so `auto_now_add` and defaults apply as with `save()`.
    """
    opts = obj._meta
    using = router.db_for_write(type(obj), instance=obj)
    connection = connections[using]
    quote = connection.ops.quote_name
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    values = [
        field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
        for field in fields
    ]
    conflict = ", ".join(quote(opts.get_field(name).column) for name in unique_fields)
    # Only quoted identifiers from the model's metadata are formatted in; values are parameters.
    columns = ", ".join(quote(f.column) for f in fields)
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({conflict}) DO NOTHING RETURNING {quote(opts.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = using
    return True
