"""Use cases of fairs: every state change of campaigns, fairs, participations, tickets and slots.

One module per use case (campaigns, fairs, participation, tickets and check-in, slots,
reminders, leads). Each function checks permission and rules, writes inside a transaction, records
an event row where someone else cares, and schedules side effects (mail, brochure, reminders,
indexing) on commit. Callers use this package's names: `from fairs import services`.
"""

from fairs.services.campaigns import CAMPAIGN_FIELDS, create_campaign, update_campaign
from fairs.services.fairs import (
    FAIR_FIELDS,
    advance_fair_statuses,
    cancel_fair,
    create_fair,
    finish_fair,
    publish_fair,
    start_fair,
    update_fair,
)
from fairs.services.leads import capture_lead, update_lead
from fairs.services.participation import (
    approve_participation,
    assign_booth,
    mark_present,
    register_participation,
    reject_participation,
    update_participation_positions,
    withdraw_participation,
)
from fairs.services.reminders import (
    REMINDER_OFFSETS,
    send_due_reminders,
    send_presentation_reminder,
    send_slot_reminder,
)
from fairs.services.slots import book_slot, cancel_booking, delete_slot, move_slot, publish_slot
from fairs.services.tickets import (
    CheckIn,
    cancel_ticket,
    check_in,
    check_in_refusal,
    eligibility_problems,
    register_graduate,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "FAIR_FIELDS",
    "REMINDER_OFFSETS",
    "CheckIn",
    "advance_fair_statuses",
    "approve_participation",
    "assign_booth",
    "book_slot",
    "cancel_booking",
    "cancel_fair",
    "cancel_ticket",
    "capture_lead",
    "check_in",
    "check_in_refusal",
    "create_campaign",
    "create_fair",
    "delete_slot",
    "eligibility_problems",
    "finish_fair",
    "mark_present",
    "move_slot",
    "publish_fair",
    "publish_slot",
    "register_graduate",
    "register_participation",
    "reject_participation",
    "send_due_reminders",
    "send_presentation_reminder",
    "send_slot_reminder",
    "start_fair",
    "update_campaign",
    "update_fair",
    "update_lead",
    "update_participation_positions",
    "withdraw_participation",
]
