"""What the dashboard and the PDF report show, computed once; the PDF (WeasyPrint) and exports."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outcomes import tally
from outcomes.charts import dashboard_charts
from outcomes.tally import Scope

TABLE_COLUMNS = {
    "association": ("fairs", "enterprises", "placements_verified"),
    "fair": (
        "applications",
        "interviews",
        "offers",
        "declared",
        "verified",
        "rejected",
        "no_answer",
    ),
    "channel": ("applications", "interviews", "offers", "declared", "verified"),
    "default": (
        "applications",
        "graduates_applied",
        "placements",
        "placements_verified",
        "community_assistants",
    ),
}
COLUMN_LABELS = {
    "fairs": gettext_lazy("Fairs (co-)organised"),
    "enterprises": gettext_lazy("Member enterprises taking part"),
    "applications": gettext_lazy("Applications"),
    "graduates_applied": gettext_lazy("Graduates who applied"),
    "placements": gettext_lazy("Placements declared"),
    "placements_verified": gettext_lazy("Verified placements"),
    "community_assistants": gettext_lazy("Community assistants"),
    "interviews": gettext_lazy("Interviews"),
    "offers": gettext_lazy("Offers"),
    "declared": gettext_lazy("Declared"),
    "verified": gettext_lazy("Verified"),
    "rejected": gettext_lazy("Rejected by the enterprise"),
    "no_answer": gettext_lazy("Closed without an answer"),
}


def columns_for(name: str) -> tuple[str, ...]:
    return TABLE_COLUMNS.get(name, TABLE_COLUMNS["default"])


def figures_context(scope: Scope, *, campaign=None, progress=None) -> dict:
    """Headline figures, targets, completeness, breakdown tables and charts for one scope."""
    figures = tally.summary(scope)
    if progress:
        progress(30)
    tables = tally.breakdowns(scope)
    if progress:
        progress(60)
    headline = [
        {"key": key, "label": label, "value": figures[key]} for key, label in tally.FIGURES.items()
    ]
    table_list = [
        {
            "name": name,
            "title": title,
            "columns": [(c, COLUMN_LABELS[c]) for c in columns_for(name)],
            "rows": [[r["label"], *[r[c] for c in columns_for(name)]] for r in tables[name]],
        }
        for name, title in tally.BREAKDOWNS.items()
    ]
    return {
        "scope": scope,
        "figures": figures,
        "headline": headline,
        "completeness": tally.completeness_rate(figures),
        "targets": tally.targets_progress(figures, campaign),
        "tables": table_list,
        "charts": dashboard_charts(tables),
        "campaign": campaign,
        "generated_at": timezone.now(),
    }


def render_report_pdf(scope: Scope, *, progress=None) -> bytes:
    """The PDF report in Chinese: headline figures, charts, tables, the attribution rule."""
    from weasyprint import HTML

    from fairs.models import Campaign

    campaign = Campaign.objects.filter(pk=scope.campaign_id).first() if scope.campaign_id else None
    with translation.override("zh-hans"):
        context = figures_context(scope, campaign=campaign, progress=progress)
        context["scope_label"] = scope_label(scope)
        html = render_to_string("outcomes/report_pdf.html", context)
    if progress:
        progress(80)
    return HTML(string=html).write_pdf()


def scope_label(scope: Scope) -> str:
    from associations.models import Association, Region
    from fairs.models import Campaign

    parts = []
    if scope.campaign_id:
        parts.append(str(Campaign.objects.filter(pk=scope.campaign_id).first() or ""))
    if scope.date_from or scope.date_to:
        parts.append(f"{scope.date_from or '…'} – {scope.date_to or '…'}")
    if scope.association_id:
        parts.append(str(Association.objects.filter(pk=scope.association_id).first() or ""))
    if scope.city_id:
        parts.append(str(Region.objects.filter(pk=scope.city_id).first() or ""))
    if scope.industry:
        parts.append(scope.industry)
    if scope.university:
        parts.append(scope.university)
    return " · ".join(p for p in parts if p) or _("All campaigns, all time")


# --- Exports ------------------------------------------------------------------------------------


def breakdown_rows(scope: Scope) -> list[list]:
    """One sheet-like table: every breakdown, one row per group, with the dimension in front."""
    tables = tally.breakdowns(scope)
    out = [["breakdown", "label", *COLUMN_LABELS]]
    names = list(COLUMN_LABELS)
    for name, rows in tables.items():
        for row in rows:
            out.append([name, row["label"], *[row.get(c, "") for c in names]])
    return out


def placement_rows(scope: Scope) -> list[list]:
    qs = (
        tally.scoped_placements(scope)
        .select_related("graduate", "enterprise", "position__city", "source_fair")
        .order_by("hire_date", "pk")
    )
    out = [
        [
            "id",
            "graduate",
            "university",
            "major",
            "enterprise",
            "position",
            "city",
            "hire_date",
            "contract_type",
            "status",
            "community_assistant",
            "attribution",
            "fair",
        ]
    ]
    for p in qs.iterator(chunk_size=2000):
        out.append(
            [
                p.pk,
                p.graduate.full_name,
                p.graduate.university,
                p.graduate.major,
                p.enterprise.name,
                p.position.title,
                p.position.city.name if p.position.city_id else "",
                p.hire_date.isoformat(),
                p.contract_type,
                p.status,
                int(p.community_assistant),
                p.attribution,
                p.source_fair.title if p.source_fair_id else "",
            ]
        )
    return out


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Chinese right


def to_xlsx(rows: list[list], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for row in rows:
        sheet.append([str(c) if not isinstance(c, int | float) else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
