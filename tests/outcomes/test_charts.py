"""Every chart draws its breakdown table's column and adds up to the headline figure it is labelled
with: on the dashboard, in the PDF report and (small cells hidden) on the public page."""

import re

import pytest
from django.urls import reverse

from outcomes import report, tally
from outcomes.charts import CHARTS, MOST_BARS, chart_data, suppress
from tests.outcomes.conftest import EXPECTED

pytestmark = pytest.mark.django_db


def drawn(svg: str) -> list[tuple[str, str]]:
    """(label, value) of every bar or column an SVG chart draws."""
    return re.findall(r'data-label="([^"]*)" data-value="([^"]*)"', str(svg))


def test_each_chart_equals_its_table_and_adds_up_to_its_headline(world):
    scope = tally.Scope()
    figures = tally.summary(scope)
    assert figures == EXPECTED
    tables = tally.breakdowns(scope)
    charts = chart_data(tables)
    assert [chart.spec.name for chart in charts] == [spec.name for spec in CHARTS]
    for chart in charts:
        rows = tables[chart.spec.table]
        assert chart.labels == [row["label"] for row in rows], chart.spec.name
        for series in chart.series:
            assert series.values == [row[series.figure] for row in rows], chart.spec.name
            if series.figure in tally.FIGURES:
                assert sum(series.values) == figures[series.figure], (chart.spec.name, series)
                assert series.label == str(tally.FIGURES[series.figure])
            else:  # credited to associations: no headline figure, and not labelled as one
                assert series.label not in [str(label) for label in tally.FIGURES.values()]
        # What is drawn is what was computed.
        values = [str(v) for position in range(len(chart.labels)) for v in _at(chart, position)]
        assert [value for _label, value in drawn(chart.svg)] == values


def _at(chart, position: int) -> list[int]:
    return [series.values[position] for series in chart.series]


def test_community_assistants_are_not_counted_as_verified_placements_in_any_chart(world):
    figures = tally.summary(tally.Scope())
    assert figures["community_assistants"] == 1
    charts = {chart.spec.name: chart for chart in chart_data(tally.breakdowns(tally.Scope()))}
    for name in ("city", "industry"):
        (series,) = charts[name].series
        assert series.figure == "placements_verified"
        assert sum(series.values) == figures["placements_verified"] == 3
    (assistants,) = charts["city_assistants"].series
    assert sum(assistants.values) == figures["community_assistants"]
    # G1's hire came through 山西省协会1's fair, co-organised by 山西省协会2: both are credited;
    # G5, a community assistant hired directly, credits nobody.
    (credited,) = charts["association"].series
    assert dict(zip(charts["association"].labels, credited.values, strict=True)) == {
        "山西省协会1": 1,
        "山西省协会2": 1,
        "山西省协会4": 0,
    }


def test_the_pdf_report_and_the_dashboard_draw_the_same_charts(client, world):
    context = report.figures_context(tally.Scope())
    client.force_login(world.officer)
    page = client.get(reverse("outcomes:dashboard")).content.decode()
    for name, svg in context["charts"].items():
        assert drawn(svg), name
        assert str(svg) in page, name
    tables = {table["name"]: table for table in context["tables"]}
    city = tables["city"]
    column = [c for c, _label in city["columns"]].index("placements_verified") + 1
    assert [row[column] for row in city["rows"]] == [
        int(v) for _label, v in drawn(context["charts"]["city"])
    ]


def test_the_public_page_draws_the_same_charts_with_small_cells_hidden(client, world):
    scope = tally.Scope.for_campaign(world.campaign)
    tables = tally.breakdowns(scope, only=("city", "industry", "month"))
    page = client.get(reverse("outcomes:public")).content.decode()
    for chart in chart_data(tables, public=True):
        assert chart.spec.name != "association"
        for series in chart.series:
            wanted = [suppress(row[series.figure]) for row in tables[chart.spec.table]]
            assert series.values == wanted
        assert str(chart.svg) in page
    assert 'data-value=""' in page  # 1–4 is drawn as "<5"


def test_a_long_table_keeps_its_total_in_an_others_bar():
    rows = [
        {"label": f"协会{n}", "placements_credited": n, "fairs": 0, "enterprises": 0}
        for n in range(1, 31)
    ]
    (chart,) = [c for c in chart_data({"association": rows}) if c.spec.name == "association"]
    assert len(chart.labels) == MOST_BARS
    assert sum(chart.series[0].values) == sum(range(1, 31))
    assert str(30 - MOST_BARS + 1) in chart.labels[-1]  # "16 others"
