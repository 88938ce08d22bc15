"""Bounds that no real position reaches; beyond them a number is a typo (an extra 0 pressed down).

Kept apart from the models so that search and the forms of other apps can import them early. The
database's own integer range differs between SQLite and PostgreSQL; these are tighter than both.
"""

MAX_MONTHLY_SALARY = 1_000_000  # CNY a month: a position's salary, a search's, a hire's
MAX_HEADCOUNT = 100_000
