"""Background work of fairs: brochures, reminders, moving fairs along their statuses.

Tasks take ids, re-read the rows and are safe to run twice or out of order.
"""

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from fairs import services
from fairs.models import Fair
from fairs.pdf import render_brochure
from outbox.core import OutboxTask


@shared_task(base=OutboxTask, max_attempts=4)
def generate_brochure(fair_id: int) -> bool:
    """Render the fair's brochure and store it; a later run simply replaces it."""

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


@shared_task(acks_late=True)
def send_due_reminders() -> int:
    """Beat, every minute: the reminders of slots and presentations that are due, each once."""
    return services.send_due_reminders()


@shared_task(acks_late=True)
def advance_fair_statuses() -> int:
    """Beat, every few minutes: published fairs start, ended ones finish (no-shows recorded)."""
    return services.advance_fair_statuses()
