"""Database helpers the ORM has no method for, shared by every app."""

from django.apps import apps
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


class RowQuery:
    """A plain SQL statement whose row is one instance of `model`, plus named extra columns.

    For the few reads on hot paths where building the query with the ORM costs more CPU than the
    database takes to answer it. The statement selects the model's columns through `{fields}`
    (written out once, in the model's field order, qualified with `alias`) and then `extra`, in
    that order. The row becomes an instance through the fields' own converters and
    `Model.from_db`, as a QuerySet's rows do, without RawQuerySet matching the columns to fields
    by name on every call; each extra column becomes an attribute of that name. `model` may be
    given as "app_label.Model", for modules that cannot import it at load.
    """

    def __init__(self, model, sql: str, *, alias: str, extra: tuple[str, ...] = ()):
        self._model = model
        self.template = sql
        self.alias = alias
        self.extra = extra
        self._prepared: dict[str, tuple] = {}

    @property
    def model(self) -> type[models.Model]:
        if isinstance(self._model, str):
            self._model = apps.get_model(self._model)
        return self._model

    def _prepare(self, using: str) -> tuple:
        connection = connections[using]
        fields = self.model._meta.concrete_fields
        columns = ", ".join(
            f"{self.alias}.{connection.ops.quote_name(field.column)}" for field in fields
        )
        converters = []
        for position, field in enumerate(fields):
            column = field.get_col(self.model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((position, found, column))
        names = [field.attname for field in fields]
        return self.template.format(fields=columns), names, converters

    def get(self, params) -> models.Model | None:
        """The instance the statement finds with these parameters, or None."""
        using = router.db_for_read(self.model)
        if using not in self._prepared:
            self._prepared[using] = self._prepare(using)
        sql, names, converters = self._prepared[using]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row[: len(names)])
        for position, found, column in converters:
            for converter in found:
                values[position] = converter(values[position], column, connection)
        instance = self.model.from_db(using, names, values)
        for name, value in zip(self.extra, row[len(names) :], strict=True):
            setattr(instance, name, value)
        return instance
