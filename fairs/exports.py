"""The export of a booth's leads, through core.exports."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from core.exports import Column, Table, export_response
from core.times import local_minute
from fairs import selectors
from fairs.models import Participation

LEAD_COLUMNS = (
    Column(_("Name"), lambda lead: lead.graduate.get_full_name()),
    # The address only once the graduate applied: a scan alone shares no contact details.
    Column(_("E-mail"), lambda lead: lead.graduate.email if lead.application_id else ""),
    Column(_("Rating"), lambda lead: lead.rating),
    Column(_("Note"), lambda lead: lead.note),
    Column(_("Position"), lambda lead: lead.position.title if lead.position_id else ""),
    Column(_("Applied"), lambda lead: _("yes") if lead.application_id else _("no")),
    Column(_("At"), lambda lead: local_minute(lead.created_at)),
)


def leads_csv_response(participation: Participation) -> HttpResponse:
    table = Table(
        title=str(_("Leads")),
        columns=LEAD_COLUMNS,
        rows=selectors.leads_of_participation(participation),
    )
    return export_response(table, fmt="csv", filename=f"leads-fair-{participation.fair_id}")
