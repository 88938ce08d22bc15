"""Models of the jobs app."""
