"""How the event histories name what happened: status and action codes as translated labels."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Choices, Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

register = template.Library()

# The actions the fair and placement histories record (fairs.services, outcomes.services).
ACTION_LABELS = {
    "created": _("Created"),
    "updated": _("Edited"),
    "published": _("Published"),
    "started": _("Started"),
    "finished": _("Finished"),
    "cancelled": _("Cancelled"),
    "declared": _("Declared by the enterprise"),
    "superseded": _("Replaced by a new declaration"),
    "confirmed": _("Confirmed by the graduate"),
    "confirmed_on_behalf": _("Confirmed on the graduate's behalf"),
    "disputed": _("Disputed by the graduate"),
    "contract_attached": _("Contract attached"),
    "evidence_accepted": _("Contract accepted as evidence"),
    "kiosk_created": _("Kiosk set up"),
    "kiosk_revoked": _("Kiosk switched off"),
    "arrival_slot_added": _("Arrival slot added"),
    "arrival_slot_changed": _("Arrival slot's places changed"),
    "arrival_slot_removed": _("Arrival slot removed"),
}


@register.filter
def action_label(code: str) -> str:
    """The action's name in the reader's language; an unknown code is shown as it is."""
    return ACTION_LABELS.get(code, code)


@register.filter
def choice_label(value: str, choices: type[Choices]) -> str:
    """A status code's label from its choices, e.g. `{{ e.to_status|choice_label:fair.Status }}`."""
    try:
        return choices(value).label
    except ValueError:
        return value


@register.filter
def field_labels(names: str, instance: Model) -> str:
    """The fields an edit changed ("title, venue") by their names in the reader's language."""
    labels = []
    for name in filter(None, (part.strip() for part in names.split(","))):
        try:
            labels.append(str(instance._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(name)
    return pgettext("list separator", ", ").join(labels)
