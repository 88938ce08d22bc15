"""Database helpers the ORM has no method for, or no fast one, shared by every app."""

import functools

from django.apps import apps
from django.db import connections, models, router


def insert(obj: models.Model) -> None:
    """INSERT a new `obj` as `save()` would, for the few rows written on hot paths.

    The statement is written once per model, where `save()` compiles it with the ORM on every
    call (which cost several times the database's work for a one-row insert). Values are
    prepared by the model's own fields, so `auto_now_add` and defaults apply as with `save()`;
    like `bulk_create`, it sends no `pre_save`/`post_save` signals and calls no `save()`
    override, so use it only for models that have neither.
    """
    _insert(obj, unique_fields=())


def insert_unless_exists(obj: models.Model, *, unique_fields: tuple[str, ...]) -> bool:
    """INSERT `obj` unless a row with the same `unique_fields` exists; True when it was inserted.

    `INSERT … ON CONFLICT (…) DO NOTHING RETURNING pk`, which PostgreSQL and SQLite (3.35+)
    both understand. A concurrent inserter of the same key waits for the other transaction and
    then inserts nothing, without an IntegrityError: no aborted transaction to roll back, no
    error in the server's log for a double click, one statement instead of a look-up and an
    insert. (`bulk_create(ignore_conflicts=True)` would not return the new primary key.)
    The unique constraint on `unique_fields` must exist. As with `insert`, values are prepared
    by the model's own fields and no signals are sent.
    """
    return _insert(obj, unique_fields=unique_fields)


def _insert(obj: models.Model, *, unique_fields: tuple[str, ...]) -> bool:
    using = router.db_for_write(type(obj), instance=obj)
    connection = connections[using]
    sql, fields = _insert_statement(type(obj), using, unique_fields)
    values = [
        field.get_db_prep_save(field.pre_save(obj, add=True), connection=connection)
        for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = using
    return True


@functools.cache
def _insert_statement(model, using: str, unique_fields: tuple[str, ...]) -> tuple[str, list]:
    opts = model._meta
    quote = connections[using].ops.quote_name
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    # Only quoted identifiers from the model's metadata are formatted in; values are parameters.
    columns = ", ".join(quote(f.column) for f in fields)
    conflict = ""
    if unique_fields:
        keys = ", ".join(quote(opts.get_field(name).column) for name in unique_fields)
        conflict = f"ON CONFLICT ({keys}) DO NOTHING "
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"{conflict}RETURNING {quote(opts.pk.column)}"
    )
    return sql, fields


class _Names:
    """A model's names for a statement's template, quoted, from its `_meta`: `{Position}` is
    its table, `{Position.enterprise}` the column of a field, `{Position.pk}` its primary key."""

    def __init__(self, model, connection):
        self._opts = model._meta
        self._quote = connection.ops.quote_name

    def __format__(self, spec: str) -> str:
        return self._quote(self._opts.db_table)

    def __getattr__(self, name: str) -> str:
        field = self._opts.pk if name == "pk" else self._opts.get_field(name)
        return self._quote(field.column)


def _model(model) -> type[models.Model]:
    return apps.get_model(model) if isinstance(model, str) else model


class Statement:
    """Plain SQL whose table and column names come from the models' `_meta`, never written in.

    `tables` maps the names the template uses to models (or "app_label.Model" labels, for
    modules that load before the models): `{Position}` and `{Position.enterprise}` in the
    template become the quoted table and column. Formatted once per database; only names are
    formatted in, values are always parameters.
    """

    def __init__(self, sql: str, *, tables: dict, **formatted):
        self.template = sql
        self.tables = tables
        self.formatted = formatted
        self._sql: dict[str, str] = {}

    def sql(self, using: str, **more) -> str:
        if using not in self._sql:
            connection = connections[using]
            names = {name: _Names(_model(m), connection) for name, m in self.tables.items()}
            self._sql[using] = self.template.format(**names, **self.formatted, **more)
        return self._sql[using]


class RowQuery:
    """A plain SQL statement whose row is one instance of `model`, plus named extra columns.

    For the few reads on hot paths where building the query with the ORM costs more CPU than the
    database takes to answer it (bench/sql.py measures each against its ORM query). The
    statement selects the model's columns through `{fields}` (written out once, in the model's
    field order, qualified with `alias`) and then `extra`, in that order; table and column names
    come from the models' `_meta` through `tables` (see `Statement`). The row becomes an instance
    through the fields' own converters and `Model.from_db`, as a QuerySet's rows do, without
    RawQuerySet matching the columns to fields by name on every call; each extra column becomes
    an attribute of that name. `model` may be given as "app_label.Model", for modules that
    cannot import it at load.
    """

    def __init__(self, model, sql: str, *, alias: str, extra: tuple[str, ...] = (), tables: dict):
        self._model = model
        self.statement = Statement(sql, tables=tables)
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
        return self.statement.sql(using, fields=columns), names, converters

    def get(self, params) -> models.Model | None:
        """The instance the statement finds with these parameters, or None."""
        found = self._run(params, many=False)
        return found[0] if found else None

    def all(self, params) -> list[models.Model]:
        """Every instance the statement finds with these parameters."""
        return self._run(params, many=True)

    def _run(self, params, *, many: bool) -> list[models.Model]:
        using = router.db_for_read(self.model)
        if using not in self._prepared:
            self._prepared[using] = self._prepare(using)
        sql, names, converters = self._prepared[using]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall() if many else cursor.fetchmany(1)
        instances = []
        for row in rows:
            values = list(row[: len(names)])
            for position, found, column in converters:
                for converter in found:
                    values[position] = converter(values[position], column, connection)
            instance = self.model.from_db(using, names, values)
            for name, value in zip(self.extra, row[len(names) :], strict=True):
                setattr(instance, name, value)
            instances.append(instance)
        return instances
