"""manage.py backup [FOLDER]: the database, every stored file and a manifest with the tally."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump), the stored files and a manifest with the tally."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", nargs="?", type=Path, help="A new folder (default: BACKUP_ROOT/jinpin-<UTC>)."
        )

    def handle(self, *args, folder: Path | None, **options):
        folder = folder or backup.default_folder()
        try:
            manifest = backup.backup(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        files = sum(len(entries) for entries in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up to {folder}: the database, {files} files, "
                f"{manifest['tally']['applications']} applications in the tally."
            )
        )
