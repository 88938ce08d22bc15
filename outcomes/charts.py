"""Server-side SVG charts: one code path for the dashboard, the public page and the PDF.

`<text>` inside SVG ignores CSS font-family in WeasyPrint, so the font is an attribute of <svg>.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.pdf import FONT_STACK

FONT = FONT_STACK
COLOURS = ("#1f6feb", "#2da44e", "#bf8700", "#cf222e")


def _fmt(value: int | None) -> str:
    return "<5" if value is None else f"{value:,}"


def bar_chart(title: str, items: list[tuple[str, int | None]], *, width: int = 640) -> SafeString:
    """Horizontal bars, one per (label, value); a None value is a suppressed small cell."""
    items = items[:15]
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
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="{COLOURS[0]}" rx="3"/>'
            f'<text x="{label_w + w + 6}" y="{y + 16}">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def column_chart(
    title: str, labels: list[str], series: list[tuple[str, list[int | None]]], *, width: int = 640
) -> SafeString:
    """Grouped columns over labels (months), one colour per series, with a legend."""
    labels = labels[-18:]
    series = [(name, values[-18:]) for name, values in series]
    height, top, bottom, left = 260, 50, 40, 50
    plot_h = height - top - bottom
    peak = max([v for _n, vals in series for v in vals if v] or [1])
    slot = (width - left - 10) / max(1, len(labels))
    col = max(2, slot * 0.8 / max(1, len(series)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="{FONT}" '
        f'font-size="12">',
        f'<text x="0" y="18" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:,}</text>',
    ]
    for s, (name, _values) in enumerate(series):
        x = left + s * 150
        parts.append(
            f'<rect x="{x}" y="28" width="12" height="12" fill="{COLOURS[s % 4]}"/>'
            f'<text x="{x + 16}" y="38">{escape(name)}</text>'
        )
    for i, label in enumerate(labels):
        x0 = left + i * slot + slot * 0.1
        for s, (_name, values) in enumerate(series):
            value = values[i] if i < len(values) else 0
            h = 0 if not value else max(1, plot_h * value / peak)
            parts.append(
                f'<rect x="{x0 + s * col:.1f}" y="{top + plot_h - h:.1f}" width="{col:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[s % 4]}"><title>{escape(label)} {escape(name)}: '
                f"{_fmt(value)}</title></rect>"
            )
        if len(labels) <= 12 or i % 2 == 0:
            parts.append(
                f'<text x="{x0 + slot * 0.4:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle" font-size="11">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def suppress(value: int, threshold: int = 5) -> int | None:
    """Small cells (under the threshold, but not zero) are hidden on public pages."""
    return None if 0 < value < threshold else value


def dashboard_charts(tables: dict, *, public: bool = False) -> dict[str, SafeString]:
    """The charts of the dashboard, the public page and the PDF, from the breakdown tables."""
    from django.utils.translation import gettext as _

    keep = suppress if public else (lambda v: v)
    months = tables.get("month", [])
    charts = {
        "month": column_chart(
            _("Applications and verified placements by month"),
            [r["label"] for r in months],
            [
                (_("Applications"), [keep(r["applications"]) for r in months]),
                (
                    _("Verified placements"),
                    [keep(r["placements_verified"] + r["community_assistants"]) for r in months],
                ),
            ],
        ),
        "city": bar_chart(
            _("Verified placements by city"),
            [
                (r["label"], keep(r["placements_verified"] + r["community_assistants"]))
                for r in tables.get("city", [])
            ],
        ),
        "industry": bar_chart(
            _("Verified placements by industry"),
            [
                (r["label"], keep(r["placements_verified"] + r["community_assistants"]))
                for r in tables.get("industry", [])
            ],
        ),
    }
    if not public and "association" in tables:
        charts["association"] = bar_chart(
            _("Verified placements by association (top 15)"),
            [(r["label"], r["placements_verified"]) for r in tables["association"]],
        )
    return charts
