"""manage.py check_migrations: fail on a migration the release before could not run against."""

from django.core.management.base import BaseCommand, CommandError

from ops import migration_safety


class Command(BaseCommand):
    help = (
        "Flag migrations that break the release before during a rolling deploy (dropped or "
        "renamed columns and tables, NOT NULL without a database default) unless accepted in "
        "ops/migration_safety.py with their two-step plan."
    )

    def handle(self, *args, **options):
        found = migration_safety.findings()
        if found:
            lines = "\n".join(f"  {finding}" for finding in found)
            raise CommandError(
                f"{len(found)} migration operation(s) the release before cannot run against:\n"
                f"{lines}\nSplit each into two releases, or accept it in "
                "ops/migration_safety.py ACCEPTED with the reason."
            )
        self.stdout.write(self.style.SUCCESS("Every migration keeps the release before working."))
