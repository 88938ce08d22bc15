"""Operations: liveness and readiness, Prometheus metrics, structured logs with a request id,
backups that restore, and the check that keeps migrations deployable without downtime."""
