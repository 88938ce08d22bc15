"""Template tags of fair feedback for the fair pages (fairs sits below feedback and asks here):
a fair's public average, and whether its answers are open."""

from django import template

from feedback import selectors

register = template.Library()


@register.simple_tag
def fair_public_rating(fair):
    """`{% fair_public_rating fair as rating %}`: {"average", "count"} of graduates' ratings,
    the average None until FAIR_RATING_PUBLIC_MIN of them rated the fair."""
    return selectors.public_average(fair)


@register.filter
def feedback_open(fair) -> bool:
    """Whether the fair's visitors may rate it now, e.g. `{% if ticket.fair|feedback_open %}`."""
    return selectors.window_open(fair)


@register.filter
def stars(value) -> str:
    """★★★★☆ for 4 (or 3.6, rounded): the number is shown beside it for screen readers."""
    try:
        filled = max(0, min(5, round(float(value))))
    except (TypeError, ValueError):
        return ""
    return "★" * filled + "☆" * (5 - filled)
