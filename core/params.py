"""Whole numbers from query parameters (ids, pages, amounts): a bad value is None, never an error.

Pages and API list filters treat a value this gives None for as absent; API request bodies bound
their id fields with MAX_ID instead, so a value out of range is a 400, not a database error.
"""

MAX_ID = 2**63 - 1  # the largest primary key (a signed 64-bit column) any table can hold


def int_param(value: object, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """`value` (text of ASCII digits, or an int) from `minimum` to `maximum`; else None.

    Only ASCII digits count: str.isdigit() also accepts "²" and "٣", which int() refuses or reads
    as a digit nobody typed. The bounds keep the number within what the database compares with, so
    a filter built from it cannot overflow; checking the length first keeps int() cheap.
    """
    if isinstance(value, int) and not isinstance(value, bool):  # parameters kept as JSON
        return value if minimum <= value <= maximum else None
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()):
        return None
    digits = value.lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return None
    number = int(digits)
    return number if minimum <= number <= maximum else None
