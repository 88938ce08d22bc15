"""One transition table per stateful model: the services refuse what it refuses, the API lists
the actions it allows, and the pages show the buttons it allows."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from associations.models import Membership
from candidates.models import Application
from core.transitions import Transition, Transitions
from fairs.models import Fair, Participation
from jobs import services as job_services
from jobs.models import Position
from outcomes.models import Placement
from tests.candidates.helpers import make_position, recruiter_of

MODELS = [Application, Position, Membership, Fair, Participation, Placement]


def test_a_table_answers_what_an_action_allows_and_refuses_the_rest():
    table = Transitions(
        Transition("publish", ("draft",), "published"),
        Transition("expire", ("published",), "expired", automatic=True),
    )
    assert table.allows("publish", "draft")
    assert not table.allows("publish", "published")
    assert not table.allows("unknown", "draft")
    assert table.actions("published") == []  # what the platform does is offered to no one
    assert table.action_to("expired") == "expire"
    with pytest.raises(ValidationError) as refused:
        table.require("publish", "published", "Only drafts.")
    assert refused.value.code == "invalid_transition"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_table_speaks_of_its_models_statuses(model):
    statuses = set(model.Status.values)
    for transition in model.TRANSITIONS:
        assert set(transition.sources) <= statuses, transition
        assert transition.target is None or transition.target in statuses, transition


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        ("draft", {"publish", "delete"}),
        ("published", {"close"}),
        ("closed", {"reopen"}),
        ("filled", {"reopen"}),
        ("expired", {"reopen"}),
    ],
)
def test_the_position_page_shows_the_buttons_its_table_allows(client, status, buttons):
    position = make_position(status=status)
    client.force_login(recruiter_of(position.enterprise))
    page = client.get(reverse("jobs:detail", args=[position.pk])).content.decode()
    for action in ("publish", "close", "reopen", "delete"):
        shown = f'action="{reverse(f"jobs:{action}", args=[position.pk])}"' in page
        assert shown == (action in buttons), action
    assert set(Position.TRANSITIONS.actions(status)) == buttons


@pytest.mark.django_db
def test_the_api_lists_the_actions_a_position_allows_and_the_service_refuses_the_others():
    position = make_position(status="closed")
    recruiter = recruiter_of(position.enterprise)
    api = APIClient()
    api.force_authenticate(recruiter)
    body = api.get(f"/api/v1/positions/{position.pk}/").json()
    assert body["actions"] == ["reopen"]
    with pytest.raises(ValidationError):
        job_services.close_position(position=position, by=recruiter)
    assert api.post(f"/api/v1/positions/{position.pk}/close/").status_code == 400
