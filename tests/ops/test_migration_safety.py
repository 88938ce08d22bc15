"""manage.py check_migrations: migrations the release before cannot run against are flagged,
safe ones and accepted ones pass."""

import pytest
from django.core.management import CommandError, call_command
from django.db import migrations, models

from ops import migration_safety


class FakeLoader:
    """The migration loader of a project whose only migration is `operations` on `jobs`."""

    def __init__(self, operations):
        self.migration = migrations.Migration("0099_next_release", "jobs")
        self.migration.operations = operations
        self.disk_migrations = {("jobs", "0099_next_release"): self.migration}

    def project_state(self, node, at_end):
        from django.db.migrations.loader import MigrationLoader

        return MigrationLoader(None, ignore_no_migrations=True).project_state(at_end=True)


def check(monkeypatch, *operations) -> list[str]:
    monkeypatch.setattr(migration_safety, "MigrationLoader", lambda *a, **k: FakeLoader(operations))
    return [finding.problem for finding in migration_safety.findings()]


def test_the_projects_migrations_keep_the_release_before_working():
    call_command("check_migrations")


def test_dropping_or_renaming_a_column_is_flagged(monkeypatch):
    problems = check(
        monkeypatch,
        migrations.RemoveField("position", "description"),
        migrations.RenameField("position", "title", "name"),
    )
    assert problems == [
        "removes a column the release before still reads",
        "renames a column the release before still uses by its old name",
    ]


def test_a_new_not_null_column_needs_a_database_default(monkeypatch):
    unsafe = models.CharField(max_length=20, default="")
    safe = models.CharField(max_length=20, default="", db_default="")
    problems = check(
        monkeypatch,
        migrations.AddField("position", "region_code", unsafe),
        migrations.AddField("position", "district", safe),
        migrations.AddField("position", "remark", models.TextField(null=True)),
    )
    assert len(problems) == 1
    assert "NOT NULL column without db_default" in problems[0]


def test_a_column_made_not_null_is_flagged(monkeypatch):
    problems = check(
        monkeypatch,
        migrations.AddField("position", "remark", models.TextField(null=True, db_default="")),
        migrations.AlterField("position", "remark", models.TextField(db_default="")),
    )
    assert problems == ["makes a column NOT NULL: the release before may still write NULL"]


def test_an_accepted_second_step_passes_and_the_command_names_the_rest(monkeypatch):
    check(monkeypatch, migrations.RemoveField("position", "description"))
    with pytest.raises(CommandError, match=r"jobs\.0099_next_release: Remove field description"):
        call_command("check_migrations")
    monkeypatch.setitem(
        migration_safety.ACCEPTED,
        ("jobs", "0099_next_release"),
        "the release before stopped reading description",
    )
    call_command("check_migrations")
