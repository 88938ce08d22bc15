"""Server-side SVG charts: one code path for the dashboard, the public page and the PDF.

Every chart draws columns of the breakdown tables (`tally.breakdowns`), each under the label of
the headline figure it is (`tally.FIGURES`): the bars of a chart are the rows of its table and add
up to the headline. Nothing is added or left out on the way: a long table's last rows become
one "others" bar. (The associations' chart draws the hires credited to each, which is no
headline figure and is labelled as such.)

`<text>` inside SVG ignores CSS font-family in WeasyPrint, so the font is an attribute of <svg>.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outcomes.tally import FIGURES

# Columns drawn that are no headline figure: their bars add up to no headline (a co-organised
# fair credits each organiser, a direct hire none), and their chart says so in its title.
COLUMN_LABELS = {
    "placements_credited": gettext_lazy("Verified placements credited through its fairs"),
}
FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#cf222e")
MOST_BARS = 15  # a longer table shows its first rows and one bar for the rest


@dataclass(frozen=True)
class ChartSpec:
    """A chart of one breakdown table: which columns (figure keys) it draws, and how."""

    name: str
    table: str
    figures: tuple[str, ...]
    title: str
    kind: str = "bar"  # bar: one bar per row; columns: a column per row and figure
    officers_only: bool = False


CHARTS = (
    ChartSpec(
        "month",
        "month",
        ("applications", "placements_verified", "community_assistants"),
        gettext_lazy("By month"),
        kind="columns",
    ),
    ChartSpec(
        "city", "city", ("placements_verified",), gettext_lazy("Verified placements by city")
    ),
    ChartSpec(
        "industry",
        "industry",
        ("placements_verified",),
        gettext_lazy("Verified placements by industry"),
    ),
    ChartSpec(
        "city_assistants",
        "city",
        ("community_assistants",),
        gettext_lazy("Community assistants by city"),
    ),
    ChartSpec(
        "association",
        "association",
        ("placements_credited",),
        gettext_lazy("Verified placements credited to associations through their fairs"),
        officers_only=True,
    ),
)


@dataclass(frozen=True)
class Series:
    figure: str  # the headline figure these values add up to
    label: str
    values: list[int | None]  # None: a small cell suppressed on the public page


@dataclass(frozen=True)
class Chart:
    spec: ChartSpec
    labels: list[str]
    series: list[Series]

    @property
    def svg(self) -> SafeString:
        if self.spec.kind == "columns":
            return column_chart(
                str(self.spec.title), self.labels, [(s.label, s.values) for s in self.series]
            )
        (only,) = self.series
        return bar_chart(str(self.spec.title), list(zip(self.labels, only.values, strict=True)))


def _label(figure: str):
    return FIGURES.get(figure) or COLUMN_LABELS[figure]


def suppress(value: int, threshold: int = 5) -> int | None:
    """Small cells (under the threshold, but not zero) are hidden on public pages."""
    return None if 0 < value < threshold else value


def chart_data(tables: dict, *, public: bool = False) -> list[Chart]:
    """The charts of the dashboard, the public page and the PDF, from the breakdown tables.

    The public page gets the charts of the tables it is given (no per-association chart), with
    small cells suppressed.
    """
    keep = suppress if public else (lambda v: v)
    charts = []
    for spec in CHARTS:
        if spec.table not in tables or (public and spec.officers_only):
            continue
        rows = tables[spec.table]
        labels = [row["label"] for row in rows]
        columns = {figure: [row[figure] for row in rows] for figure in spec.figures}
        if spec.kind == "bar" and len(rows) > MOST_BARS:
            shown = MOST_BARS - 1
            labels = [*labels[:shown], _("%(n)s others") % {"n": len(rows) - shown}]
            columns = {f: [*v[:shown], sum(v[shown:])] for f, v in columns.items()}
        charts.append(
            Chart(
                spec=spec,
                labels=labels,
                series=[
                    Series(figure, str(_label(figure)), [keep(v) for v in columns[figure]])
                    for figure in spec.figures
                ],
            )
        )
    return charts


def dashboard_charts(tables: dict, *, public: bool = False) -> dict[str, SafeString]:
    """The charts drawn, by name, for the templates."""
    return {chart.spec.name: chart.svg for chart in chart_data(tables, public=public)}


# --- Drawing ------------------------------------------------------------------------------------


def _fmt(value: int | None) -> str:
    return "<5" if value is None else f"{value:,}"


def bar_chart(title: str, items: list[tuple[str, int | None]], *, width: int = 640) -> SafeString:
    """Horizontal bars, one per (label, value); a None value is a suppressed small cell."""
    bar_h, gap, label_w, top = 22, 8, 190, 34
    height = top + len(items) * (bar_h + gap) + 10
    peak = max([v for _l, v in items if v] or [1])
    room = width - label_w - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'font-size="13">',
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    if not items:
        parts.append('<text x="0" y="50" fill="#666">—</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = 0 if not value else max(2, round(room * value / peak))
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(
            f'<g data-label="{escape(label)}" data-value="{"" if value is None else value}">'
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{COLOURS[0]}" rx="3"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}">{_fmt(value)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def column_chart(
    title: str, labels: list[str], series: list[tuple[str, list[int | None]]], *, width: int = 640
) -> SafeString:
    """Grouped columns over labels (months), one colour per series, with a legend."""
    height, top, bottom, left = 260, 50, 40, 50
    plot_h = height - top - bottom
    peak = max([v for _n, vals in series for v in vals if v] or [1])
    slot = (width - left - 10) / max(1, len(labels))
    col = max(1, slot * 0.8 / max(1, len(series)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'font-size="12">',
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:,}</text>',
    ]
    legend_x = left
    for s, (name, _values) in enumerate(series):
        parts.append(
            f'<rect x="{legend_x}" y="28" width="12" height="12" fill="{COLOURS[s % 4]}"/>'
            f'<text x="{legend_x + 16}" y="38">{escape(name)}</text>'
        )
        legend_x += 16 + 14 * len(name) + 24
    every = max(1, -(-len(labels) // 12))  # at most about 12 labels under the axis
    for i, label in enumerate(labels):
        x0 = left + i * slot + slot * 0.1
        for s, (name, values) in enumerate(series):
            value = values[i]
            h = 0 if not value else max(1, plot_h * value / peak)
            parts.append(
                f'<rect x="{x0 + s * col:.1f}" y="{top + plot_h - h:.1f}" width="{col:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[s % 4]}" data-label="{escape(label)}" '
                f'data-value="{"" if value is None else value}"><title>{escape(label)} '
                f"{escape(name)}: {_fmt(value)}</title></rect>"
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x0 + slot * 0.4:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle" font-size="11">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
