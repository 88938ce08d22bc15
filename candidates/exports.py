"""The export of an enterprise's applicants: one row per application, through core.exports."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exports import Column, Table, export_response
from core.times import local_minute

APPLICANT_COLUMNS = (
    Column(_("Applied at"), lambda a: local_minute(a.created_at)),
    Column(_("Enterprise"), lambda a: a.position.enterprise.name),
    Column(_("Position"), lambda a: a.position.title),
    Column(_("Name"), lambda a: a.graduate.full_name),
    Column(_("University"), lambda a: a.graduate.university),
    Column(_("Major"), lambda a: a.graduate.major),
    Column(_("Degree"), lambda a: a.graduate.get_degree_display()),
    Column(_("Graduation year"), lambda a: a.graduate.graduation_year),
    # Masked (138****5678) until the interview stage, as on the pages.
    Column(
        _("Mobile number"),
        lambda a: a.graduate.mobile if a.phone_visible else a.graduate.masked_mobile,
    ),
    Column(_("Status"), lambda a: a.get_status_display()),
    Column(_("Source"), lambda a: a.get_source_display()),
)


def applicants_csv_response(applications) -> HttpResponse:
    """The applications as CSV, in the reader's language; the phone number masked as on pages."""
    table = Table(
        title=str(_("Applicants")),
        columns=APPLICANT_COLUMNS,
        rows=applications.iterator(chunk_size=500),
    )
    return export_response(table, fmt="csv", filename=f"applicants-{timezone.localdate():%Y%m%d}")
