"""What the dashboard and the PDF report show, computed once; the PDF (WeasyPrint) and exports."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from associations.models import Association, Region
from core.exports import Column, Table
from core.pdf import render_pdf
from fairs.models import Campaign
from outcomes import tally
from outcomes.charts import dashboard_charts
from outcomes.tally import Scope

TABLE_COLUMNS = {
    "association": ("fairs", "enterprises", "placements_credited"),
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
    "placements_credited": gettext_lazy("Verified placements credited through its fairs"),
    "community_assistants": gettext_lazy("Community assistants"),
    "interviews": gettext_lazy("Interviews"),
    "offers": gettext_lazy("Offers"),
    "declared": gettext_lazy("Declared"),
    "verified": pgettext_lazy("placement", "Verified"),  # 已核实: enterprises are 已认证
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

    campaign = Campaign.objects.filter(pk=scope.campaign_id).first() if scope.campaign_id else None
    with translation.override("zh-hans"):
        context = figures_context(scope, campaign=campaign, progress=progress)
        context["scope_label"] = scope_label(scope)
        html = render_to_string("outcomes/report_pdf.html", context)
    if progress:
        progress(80)
    return render_pdf(html)


def scope_label(scope: Scope) -> str:

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


def breakdowns_table(scope: Scope) -> Table:
    """Every breakdown in one sheet, one row per group, the breakdown's name in front; the
    columns are those of the dashboard's tables, under the same labels."""
    tables = tally.breakdowns(scope)
    rows = [
        {"breakdown": tally.BREAKDOWNS[name], **row}
        for name, rows in tables.items()
        for row in rows
    ]
    return Table(
        title=str(gettext_lazy("Breakdowns")),
        columns=(
            Column(gettext_lazy("Breakdown"), lambda r: r["breakdown"]),
            Column(gettext_lazy("Group"), lambda r: r["label"]),
            *[Column(label, lambda r, key=key: r.get(key)) for key, label in COLUMN_LABELS.items()],
        ),
        rows=rows,
    )


def placements_table(scope: Scope) -> Table:
    """One row per placement behind the figures, with labels (not codes) for its states."""
    placements = (
        tally.scoped_placements(scope)
        .select_related("graduate", "enterprise", "position__city", "source_fair")
        .order_by("hire_date", "pk")
        .iterator(chunk_size=2000)
    )
    return Table(
        title=str(gettext_lazy("Placements")),
        columns=(
            Column(gettext_lazy("Number"), lambda p: p.pk),
            Column(gettext_lazy("Graduate"), lambda p: p.graduate.full_name),
            Column(gettext_lazy("University"), lambda p: p.graduate.university),
            Column(gettext_lazy("Major"), lambda p: p.graduate.major),
            Column(gettext_lazy("Enterprise"), lambda p: p.enterprise.name),
            Column(gettext_lazy("Position"), lambda p: p.position.title),
            Column(
                gettext_lazy("City"), lambda p: p.position.city.name if p.position.city_id else ""
            ),
            Column(gettext_lazy("Hire date"), lambda p: p.hire_date),
            Column(gettext_lazy("Contract type"), lambda p: p.get_contract_type_display()),
            Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
            Column(
                gettext_lazy("Community assistant"),
                lambda p: _("yes") if p.community_assistant else _("no"),
            ),
            Column(gettext_lazy("Attribution"), lambda p: p.get_attribution_display()),
            Column(gettext_lazy("Fair"), lambda p: p.source_fair.title if p.source_fair_id else ""),
        ),
        rows=placements,
    )
