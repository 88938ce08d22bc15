"""The booth leads' CSV: formulas defused, headers in the reader's language, labels."""

import csv
import io

import pytest
from django.urls import reverse

from fairs import services
from tests.factories import GraduateFactory, ParticipationFactory
from tests.fairs.conftest import member_enterprise

pytestmark = pytest.mark.django_db

NAME = '=HYPERLINK("http://evil.example","点我")'


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_booth_leads_csv_defuses_a_graduates_name_and_a_note(client, fair, association):
    enterprise, recruiter = member_enterprise(association)
    participation = ParticipationFactory(fair=fair, enterprise=enterprise)
    graduate = GraduateFactory(full_name=NAME)
    ticket = services.register_graduate(fair=fair, by=graduate)
    lead = services.capture_lead(participation=participation, code=ticket.code, by=recruiter)
    services.update_lead(lead=lead, by=recruiter, rating=5, note="@SUM(1,2)")
    client.force_login(recruiter)
    rows = rows_of(client.get(reverse("fairs:leads_csv", args=[participation.pk])))
    assert rows[0][:3] == ["姓名", "邮箱", "评分"]
    assert rows[1][0] == "'" + NAME
    assert "'@SUM(1,2)" in rows[1]
    assert rows[1][5] == "否"  # a label, not a code or a boolean
    client.cookies.load({"django_language": "en"})
    english = rows_of(client.get(reverse("fairs:leads_csv", args=[participation.pk])))
    assert english[0][:3] == ["Name", "E-mail", "Rating"]
    assert english[1][5] == "no"
