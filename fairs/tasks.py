"""Background work of fairs: brochures, reminders, moving fairs along their statuses.

Tasks take ids, re-read the rows and are safe to run twice or out of order.
"""

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from fairs import services
from fairs.models import Fair
from outbox.core import OutboxTask


@shared_task(base=OutboxTask, max_attempts=4)
def generate_brochure(fair_id: int) -> bool:
    """Render the fair's brochure and store it; a later run simply replaces it."""
    from fairs.pdf import render_brochure

    fair = Fair.objects.select_related("organiser", "city").filter(pk=fair_id).first()
    if fair is None or fair.status == Fair.Status.DRAFT:
        return False
    pdf = render_brochure(fair)
    old = fair.brochure.name
    storage = fair.brochure.storage
    name = storage.save(f"fairs/brochures/fair-{fair.pk}.pdf", ContentFile(pdf))
    Fair.objects.filter(pk=fair.pk).update(brochure=name, brochure_generated_at=timezone.now())
    if old and old != name:
        storage.delete(old)
    return True


@shared_task(base=OutboxTask)
def send_slot_reminder(booking_id: int, starts_at: str, kind: str) -> bool:
    return services.send_slot_reminder(
        booking_id=booking_id, starts_at=parse_datetime(starts_at), kind=kind
    )


@shared_task(base=OutboxTask)
def send_presentation_reminder(ticket_id: int, starts_at: str, kind: str) -> bool:
    return services.send_presentation_reminder(
        ticket_id=ticket_id, starts_at=parse_datetime(starts_at), kind=kind
    )


@shared_task(acks_late=True)
def advance_fair_statuses() -> int:
    """Beat, every few minutes: published fairs start, ended ones finish (no-shows recorded)."""
    return services.advance_fair_statuses()
