"""Benchmarks (scripts run as `python bench/<name>.py`) and the corpus they share."""
