"""manage.py demo: load the demo data of every app, through the services, in dependency order."""

import contextlib
import time
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from accounts.models import User

# Each app that has demo data keeps it in `<app>/demo.py` with `load(out) -> None`.
DEMO_APPS = ["accounts", "associations", "jobs", "candidates", "fairs", "feedback", "outcomes"]
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


class Command(BaseCommand):
    help = "Load the demo data (demo accounts, associations, enterprises, positions, fairs…)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database has users already (make run loads the demo once).",
        )

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("The database has data already: demo data not loaded again.")
            return
        if connection.vendor == "postgresql":
            # Demo rows can be rebuilt at will: do not wait for each commit to reach the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        # The e-mails the demo's services send (a few hundred) go to files, not the console:
        # the setup's log stays short, and each message can still be read under var/mail/.
        mail_dir = Path(settings.EMAIL_FILE_PATH)
        to_files = settings.EMAIL_BACKEND == CONSOLE_BACKEND
        before = _count(mail_dir)
        with (
            override_settings(EMAIL_BACKEND=FILE_BACKEND if to_files else settings.EMAIL_BACKEND),
            _index_later(),
        ):
            for app in DEMO_APPS:
                if find_spec(f"{app}.demo") is None:
                    continue
                started = time.monotonic()
                self.stdout.write(f"Loading demo data: {app}")
                import_module(f"{app}.demo").load(self.stdout)
                self.stdout.write(f"  {app}: {time.monotonic() - started:.1f} s")
        if to_files:
            self.stdout.write(f"{_count(mail_dir) - before} e-mails written to {mail_dir}/")
        self.stdout.write("Search index: run manage.py search_reindex (make setup does).")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))


def _count(folder: Path) -> int:
    return sum(1 for _ in folder.glob("*.log")) if folder.is_dir() else 0


@contextlib.contextmanager
def _index_later():
    """Hold back the search index's per-change updates (a write and commit of the index for
    every position the demo touches): `make setup` rebuilds the index once, after the demo."""
    skip = mock.Mock()
    with (
        mock.patch("search.tasks.index_position", skip),
        mock.patch("search.tasks.index_positions", skip),
    ):
        yield
