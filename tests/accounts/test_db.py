"""accounts.db.insert_unless_exists: one INSERT … ON CONFLICT DO NOTHING, on either database."""

import pytest

from accounts.db import insert_unless_exists
from candidates.models import Application, Source
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
