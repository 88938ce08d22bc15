"""Department officers edit the related terms; a search uses an edit at once; others may not."""

import pytest
from django.urls import reverse

from search import SearchQuery, search_positions
from search.models import RelatedTerms
from tests.factories import (
    AssociationStaffFactory,
    GraduateFactory,
    OfficerFactory,
    RecruiterFactory,
)
from tests.search.conftest import index_all

pytestmark = pytest.mark.django_db


def titles(q):
    return [hit.position.title for hit in search_positions(SearchQuery(text=q)).hits]


def test_an_officer_adds_related_terms_and_the_next_search_uses_them(
    client, make_position, django_capture_on_commit_callbacks
):
    index_all(make_position("验房师"), make_position("陪诊员"))
    assert titles("验房师") == ["验房师"]
    client.force_login(OfficerFactory().user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("listings:related_terms_new"),
            {"words": "验房师 陪诊员", "targets": "", "active": "on", "note": "新兴岗位"},
        )
    assert response.status_code == 302
    assert titles("验房师") == ["验房师", "陪诊员"]
    page = client.get(reverse("listings:related_terms"), {"q": "陪诊"}).content.decode()
    assert "验房师 陪诊员" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"words": ""}, "words", "This field is required."),
        ({"words": "陪诊员"}, "words", "A group needs two words or more"),
        ({"words": "推拿 " + "长" * 41}, "words", "longer than 40 characters"),
        ({"words": "a=>b c"}, "words", "without =&gt;"),
    ],
)
def test_bad_related_terms_are_refused_and_nothing_is_written(client, data, field, message):
    client.force_login(OfficerFactory().user)
    before = RelatedTerms.objects.count()
    response = client.post(
        reverse("listings:related_terms_new"), data | {"active": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RelatedTerms.objects.count() == before


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: GraduateFactory(),
        lambda: RecruiterFactory().user,
        lambda: AssociationStaffFactory().user,
    ],
    ids=["graduate", "recruiter", "association staff"],
)
def test_only_officers_reach_the_related_terms(client, make_user):
    group = RelatedTerms.objects.first()
    client.force_login(make_user())
    for url in (
        reverse("listings:related_terms"),
        reverse("listings:related_terms_new"),
        reverse("listings:related_terms_edit", args=[group.pk]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(
        reverse("listings:related_terms_edit", args=[group.pk]), {"words": "x y", "active": ""}
    )
    assert response.status_code == 403
    group.refresh_from_db()
    assert group.words != "x y"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("listings:related_terms"))
    assert response.status_code == 302
    assert "login" in response["Location"]
