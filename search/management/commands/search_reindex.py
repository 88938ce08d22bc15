"""Build a new search index of every searchable position and swap it in (no downtime)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from search import service


class Command(BaseCommand):
    help = "Rebuild the position search index into a new index and swap it in."

    def handle(self, *args, **options):
        backend = service.get_backend()
        self.stdout.write(f"Reindexing positions with the {backend.name} backend …")
        counts = service.rebuild_index()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {counts['indexed']} positions and {counts['words']} vocabulary words "
                f"in {counts['seconds']} s ({settings.SEARCH_BACKEND})."
            )
        )
