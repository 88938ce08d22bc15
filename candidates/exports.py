"""CSV export of an enterprise's applicants, safe to open in Excel."""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.times import local_minute

# A cell starting with one of these is a formula in a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def applicants_csv_response(applications) -> HttpResponse:
    """One row per application; the phone number is masked until the interview stage."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"applicants-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Applied at"),
            _("Enterprise"),
            _("Position"),
            _("Name"),
            _("University"),
            _("Major"),
            _("Degree"),
            _("Graduation year"),
            _("Mobile number"),
            _("Status"),
            _("Source"),
        ]
    )
    for a in applications.iterator(chunk_size=500):
        g = a.graduate
        writer.writerow(
            [
                _cell(local_minute(a.created_at)),
                _cell(a.position.enterprise.name),
                _cell(a.position.title),
                _cell(g.full_name),
                _cell(g.university),
                _cell(g.major),
                _cell(g.get_degree_display()),
                _cell(g.graduation_year),
                _cell(g.mobile if a.phone_visible else g.masked_mobile),
                _cell(a.get_status_display()),
                _cell(a.get_source_display()),
            ]
        )
    return response
