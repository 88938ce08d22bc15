"""Use cases of fairs: every state change of campaigns, fairs, participations, tickets and slots.

One module per use case (campaigns, fairs, participation, tickets and check-in, slots,
reminders, leads). Each function checks permission and rules, writes inside a transaction, records
an event row where someone else cares, and schedules side effects (mail, brochure, reminders,
indexing) on commit. Callers use this package's names: `from fairs import services`.
"""

from fairs.services.arrivals import (
    add_arrival_slot,
    change_arrival_slot_places,
    remove_arrival_slot,
)
from fairs.services.campaigns import CAMPAIGN_FIELDS, create_campaign, update_campaign
from fairs.services.checkin import (
    DESK_CACHE_SECONDS,
    CheckIn,
    Desk,
    OfflineAdmission,
    Scan,
    ScanOutcome,
    check_in,
    check_in_at,
    check_in_refusal,
    desk_for_pass,
    issue_door_pass,
    kiosk_desk,
    renew_door_pass,
    staff_desk,
    sync_offline_admissions,
)
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
from fairs.services.kiosks import create_kiosk, revoke_kiosk
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
    cancel_ticket,
    eligibility_problems,
    register_graduate,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "DESK_CACHE_SECONDS",
    "FAIR_FIELDS",
    "REMINDER_OFFSETS",
    "CheckIn",
    "Desk",
    "OfflineAdmission",
    "Scan",
    "ScanOutcome",
    "add_arrival_slot",
    "advance_fair_statuses",
    "approve_participation",
    "assign_booth",
    "book_slot",
    "cancel_booking",
    "cancel_fair",
    "cancel_ticket",
    "capture_lead",
    "change_arrival_slot_places",
    "check_in",
    "check_in_at",
    "check_in_refusal",
    "create_campaign",
    "create_fair",
    "create_kiosk",
    "delete_slot",
    "desk_for_pass",
    "eligibility_problems",
    "finish_fair",
    "issue_door_pass",
    "kiosk_desk",
    "mark_present",
    "move_slot",
    "publish_fair",
    "publish_slot",
    "register_graduate",
    "register_participation",
    "reject_participation",
    "remove_arrival_slot",
    "renew_door_pass",
    "revoke_kiosk",
    "send_due_reminders",
    "send_presentation_reminder",
    "send_slot_reminder",
    "staff_desk",
    "start_fair",
    "sync_offline_admissions",
    "update_campaign",
    "update_fair",
    "update_lead",
    "update_participation_positions",
    "withdraw_participation",
]
