"""Words that read right in Chinese: 教育 is an industry and 学历 a degree, a 宣讲会 is badged as
one, placements are 已核实 where enterprises are 已认证, a rate never rounds up to 100%, and a
label meets its value with a full-width colon."""

import pytest
from django.test import Client
from django.utils import translation

from associations.models import Association, Industry
from outcomes.report import COLUMN_LABELS
from outcomes.templatetags.figures import rate_percent
from tests.factories import EnterpriseFactory, FairFactory, UserFactory


def zh(value) -> str:
    with translation.override("zh-hans"):
        return str(value)


def test_the_education_industry_reads_教育_and_never_学历():
    assert zh(Industry.P.label) == "教育"


def test_association_levels_read_as_levels_not_places():
    assert [zh(label) for _value, label in Association.Level.choices] == ["省级", "市级", "县级"]


def test_report_tables_call_verified_placements_已核实():
    assert zh(COLUMN_LABELS["verified"]) == "已核实"


@pytest.mark.parametrize(
    ("share", "shown"),
    [(2205 / 2208, "99.8%"), (1.0, "100%"), (0.75, "75%"), (0.0004, "0%"), (None, "—")],
)
def test_the_verification_rate_is_rounded_down_to_one_decimal(share, shown):
    assert rate_percent(share) == shown


@pytest.mark.django_db
def test_a_presentation_on_campus_is_badged_as_a_presentation_not_a_campus_fair():
    fair = FairFactory(format="presentation", presenting_enterprise=EnterpriseFactory())
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get(f"/fairs/{fair.pk}/").content.decode()
    assert "宣讲会" in page
    assert "校园招聘会" not in page
    assert "校园现场" in page


@pytest.mark.django_db
def test_labels_meet_their_values_with_a_full_width_colon_in_chinese_and_a_colon_in_english():
    fair = FairFactory()
    client = Client()
    client.force_login(UserFactory())
    chinese = client.get(f"/fairs/{fair.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"主办单位：{fair.organiser.name}" in chinese
    client.cookies["django_language"] = "en"
    english = client.get(f"/fairs/{fair.pk}/").content.decode()
    assert f"Organiser: {fair.organiser.name}" in english
