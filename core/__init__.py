"""Helpers every app shares and that belong to none: SQL on hot paths, query parameters, times,
HTML view helpers, e-mail. The ground layer: it imports no app of ours."""
