"""manage.py restore FOLDER: into an empty database and empty storages, checked, then reindexed."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and empty storages, check the tally against "
        "the manifest, and rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="A folder written by manage.py backup.")
        parser.add_argument(
            "--no-reindex", action="store_true", help="Leave the search index to search_reindex."
        )

    def handle(self, *args, folder: Path, no_reindex: bool, **options):
        try:
            figures = backup.restore(folder, reindex=not no_reindex)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {folder}: the tally matches the backup's "
                f"({figures['applications']} applications)"
                + ("." if no_reindex else ", and the search index is rebuilt.")
            )
        )
