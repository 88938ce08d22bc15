"""PDF documents of fairs (WeasyPrint): the brochure (会刊) and the printable ticket."""

import segno
from django.template.loader import render_to_string
from django.utils import translation

from core.pdf import render_pdf
from fairs.models import Fair, Ticket
from fairs.selectors import brochure_entries


def qr_svg(text: str, scale: int = 5, *, fluid: bool = False) -> str:
    """An inline SVG QR code (segno), for pages and PDFs alike; a `fluid` one has a viewBox and
    no size, so the page's CSS sizes it (a phone shows it as wide as the screen allows)."""
    return segno.make(text, error="m").svg_inline(scale=scale, border=2, omitsize=fluid)


def render_brochure(fair: Fair) -> bytes:
    """Cover, practical information, then every approved enterprise with booth and positions."""

    with translation.override("zh-hans"):
        html = render_to_string(
            "fairs/pdf/brochure.html", {"fair": fair, "entries": brochure_entries(fair)}
        )
    return render_pdf(html)


def render_ticket(ticket: Ticket) -> bytes:
    html = render_to_string(
        "fairs/pdf/ticket.html",
        {"ticket": ticket, "fair": ticket.fair, "qr": qr_svg(ticket.code, scale=8)},
    )
    return render_pdf(html)
