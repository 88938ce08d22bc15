"""core.db: one INSERT … ON CONFLICT DO NOTHING, and rows of plain SQL read as instances,
on either database."""

import pytest

from candidates.models import Application, ApplicationEvent, Source
from core.db import RowQuery, insert, insert_unless_exists
from tests.candidates.helpers import complete_graduate, make_position

pytestmark = pytest.mark.django_db


def test_a_new_row_is_inserted_with_its_key_and_automatic_fields():
    graduate, position = complete_graduate(), make_position()
    application = Application(graduate=graduate, position=position, source=Source.SEARCH)
    assert insert_unless_exists(application, unique_fields=("graduate", "position")) is True
    assert application.pk is not None
    assert not application._state.adding
    stored = Application.objects.get(pk=application.pk)
    assert (stored.graduate_id, stored.position_id, stored.source) == (
        graduate.pk,
        position.pk,
        "search",
    )
    assert stored.status == "submitted"  # the field's default
    assert stored.created_at == application.created_at  # auto_now_add, as save() would set it


def test_a_row_with_the_same_key_writes_nothing_and_says_so():
    graduate, position = complete_graduate(), make_position()
    first = Application.objects.create(graduate=graduate, position=position, source="search")
    second = Application(graduate=graduate, position=position, source=Source.FAIR_PAGE)
    assert insert_unless_exists(second, unique_fields=("graduate", "position")) is False
    assert second.pk is None
    assert list(Application.objects.values_list("pk", "source")) == [(first.pk, "search")]


APPLICATION_WITH_TITLE = RowQuery(
    Application,
    """
    SELECT {fields}, p.{Position.title} FROM {Application} a
    JOIN {Position} p ON p.{Position.pk} = a.{Application.position} WHERE a.{Application.pk} = %s
    """,
    alias="a",
    extra=("position_title",),
    tables={"Application": Application, "Position": "jobs.Position"},
)


def test_a_row_query_reads_an_instance_as_the_orm_does_with_its_extra_columns():
    graduate, position = complete_graduate(), make_position()
    created = Application.objects.create(graduate=graduate, position=position, source="search")
    expected = Application.objects.get(pk=created.pk)
    found = APPLICATION_WITH_TITLE.get([created.pk])
    assert isinstance(found, Application)
    assert not found._state.adding
    for field in Application._meta.concrete_fields:
        # Same values and types (datetimes aware, booleans as bool) on SQLite and PostgreSQL.
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
        assert type(getattr(found, field.attname)) is type(getattr(expected, field.attname))
    assert found.position_title == position.title
    assert found.position == position


def test_a_row_query_finding_nothing_answers_none():
    assert APPLICATION_WITH_TITLE.get([0]) is None


def test_a_row_query_names_its_model_lazily():
    query = RowQuery(
        "jobs.Position",
        "SELECT {fields} FROM {P} p WHERE p.{P.pk} = %s",
        alias="p",
        tables={"P": "jobs.Position"},
    )
    position = make_position()
    assert query.get([position.pk]) == position
    assert query.get([position.pk]).title == position.title


def test_insert_writes_a_new_row_as_save_would():
    graduate, position = complete_graduate(), make_position()
    application = Application.objects.create(graduate=graduate, position=position, source="search")
    event = ApplicationEvent(application=application, actor=graduate.user, to_status="submitted")
    insert(event)
    assert event.pk is not None
    assert not event._state.adding
    stored = ApplicationEvent.objects.get(pk=event.pk)
    assert (stored.application_id, stored.actor_id, stored.from_status, stored.to_status) == (
        application.pk,
        graduate.user.pk,
        "",  # the field's default
        "submitted",
    )
    assert stored.created_at == event.created_at  # auto_now_add, as save() would set it
    insert(ApplicationEvent(application=application, to_status="viewed"))
    assert application.events.count() == 2


def test_a_row_query_reads_every_row_it_finds():
    graduate = complete_graduate()
    positions = [make_position(), make_position()]
    for position in positions:
        Application.objects.create(graduate=graduate, position=position, source="search")
    query = RowQuery(
        Application,
        "SELECT {fields} FROM {A} a WHERE a.{A.graduate} = %s ORDER BY a.{A.pk}",
        alias="a",
        tables={"A": Application},
    )
    found = query.all([graduate.pk])
    assert [a.position_id for a in found] == [p.pk for p in positions]
    assert query.all([0]) == []


def test_a_statement_takes_its_table_and_column_names_from_the_models(db):
    from django.db import connection

    from core.db import Statement

    statement = Statement(
        "SELECT {A.pk} FROM {A} JOIN {P} ON {P.pk} = {A.position} WHERE {A.status} = %s",
        tables={"A": Application, "P": "jobs.Position"},
    )
    names = ("id", "candidates_application", "jobs_position", "id", "position_id", "status")
    quoted = [connection.ops.quote_name(name) for name in names]
    template = "SELECT {} FROM {} JOIN {} ON {} = {} WHERE {} = %s"
    assert statement.sql(connection.alias) == template.format(*quoted)
