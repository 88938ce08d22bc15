"""PDF documents of fairs (WeasyPrint): the brochure (会刊) and the printable ticket."""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from fairs.models import Fair, Ticket
from fairs.selectors import brochure_entries


def qr_svg(text: str, scale: int = 5) -> str:
    """An inline SVG QR code (segno), for pages and PDFs alike."""
    return segno.make(text, error="m").svg_inline(scale=scale, border=2)


def _render(html: str) -> bytes:
    # Imported when used: loading weasyprint takes about 1.6 s, which every process would pay.
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_brochure(fair: Fair) -> bytes:
    """Cover, practical information, then every approved enterprise with booth and positions."""

    with translation.override("zh-hans"):
        html = render_to_string(
            "fairs/pdf/brochure.html", {"fair": fair, "entries": brochure_entries(fair)}
        )
    return _render(html)


def render_ticket(ticket: Ticket) -> bytes:
    html = render_to_string(
        "fairs/pdf/ticket.html",
        {"ticket": ticket, "fair": ticket.fair, "qr": qr_svg(ticket.code, scale=8)},
    )
    return _render(html)
