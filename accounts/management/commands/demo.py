"""manage.py demo: load the demo data of every app, through the services, in dependency order."""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import connection

from accounts.models import User

# Each app that has demo data keeps it in `<app>/demo.py` with `load(out) -> None`.
DEMO_APPS = ["accounts", "associations", "jobs", "candidates", "fairs", "feedback", "outcomes"]


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
        for app in DEMO_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            self.stdout.write(f"Loading demo data: {app}")
            import_module(f"{app}.demo").load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
