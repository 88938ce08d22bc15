"""Template helpers of the fair pages: when a fair takes place, and whether an enterprise may
register for fairs; and, for pages of the layers below (a position's page), the fairs listing a
position."""

from datetime import datetime

from django import template
from django.utils.dateformat import format as format_date
from django.utils.timezone import localtime

from associations.selectors import is_verified
from associations.selectors import verified_enterprise_ids as verified_ids
from fairs.selectors import fairs_listing_position

register = template.Library()


@register.simple_tag
def fairs_listing(position) -> list:
    """`{% fairs_listing position as fairs %}`: upcoming and running fairs listing the position
    (jobs' position page asks here: jobs sits below fairs and does not import it)."""
    return fairs_listing_position(position)


@register.simple_tag
def fair_period(fair) -> str:
    """The fair's start and end in the current time zone: `2026-11-26 09:00 – 17:00` on one day,
    `2026-11-26 09:00 – 2026-11-29 17:00` over several."""
    return period(fair.starts_at, fair.ends_at)


def period(start: datetime, end: datetime | None) -> str:
    start_text = format_date(localtime(start), "Y-m-d H:i")
    if end is None:
        return start_text
    end = localtime(end)
    same_day = end.date() == localtime(start).date()
    return f"{start_text} – {format_date(end, 'H:i' if same_day else 'Y-m-d H:i')}"


@register.simple_tag
def verified_enterprise_ids(enterprises) -> set[int]:
    """Ids of the enterprises (the recruiter's, as `roles.enterprises`) that are verified, that is
    may publish positions and register for fairs (associations.selectors.is_verified)."""
    return verified_ids(ref.id for ref in enterprises)


@register.filter
def verified(enterprise) -> bool:
    """Whether the enterprise may register for fairs, e.g. `{% if enterprise|verified %}`."""
    return is_verified(enterprise)
