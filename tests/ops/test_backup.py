"""manage.py backup and restore: a backup of the demo restored into an empty database and empty
storages gives the same tally and the same resume, byte for byte."""

import contextlib
import io
import json
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from candidates.models import Resume
from outcomes import demo as outcomes_demo
from outcomes.tally import summary
from tests.candidates.helpers import pdf_bytes
from tests.candidates.test_resumes import upload
from tests.factories import GraduateFactory
from tests.services import requires_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True),
    requires_postgresql("backups are pg_dump and pg_restore"),
]

SMALL_DEMO = {
    "associations_mobilised": 4,
    "fairs_held": 2,
    "positions_posted": 20,
    "placements_verified": 3,
    "community_assistants": 5,
}


@contextlib.contextmanager
def empty_database():
    """The default connection on a new empty database for the block, then back and dropped."""
    original = connection.settings_dict["NAME"]
    name = f"{original}_restored"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield name
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def download(client, user, resume_id: int) -> bytes:
    client.force_login(user)
    response = client.get(reverse("candidates:resume", args=[resume_id]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.slow
def test_a_backup_of_the_demo_restores_the_same_tally_and_resume(
    client, settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(outcomes_demo, "TARGETS", SMALL_DEMO)
    # The Shanxi regions come from a data migration, which transactional tests do not keep.
    import_module("associations.migrations.0003_shanxi_regions").load(apps, None)
    call_command("demo", stdout=io.StringIO())
    graduate = GraduateFactory()
    resume = upload(graduate, "简历.pdf", pdf_bytes(pages=2))
    figures = summary()
    original = download(client, graduate, resume.pk)

    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tally"] == figures
    assert resume.file.name in [entry["name"] for entry in manifest["files"]["private"]]

    settings.MEDIA_ROOT = tmp_path / "media-restored"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-restored"
    with empty_database():
        out = io.StringIO()
        call_command("restore", str(folder), stdout=out)
        assert "tally matches" in out.getvalue()
        assert summary() == figures
        restored = Resume.objects.get(pk=resume.pk)
        assert download(client, restored.graduate.user, restored.pk) == original
        # A second restore into the now full database is refused, nothing touched.
        with pytest.raises(CommandError, match="has tables"):
            call_command("restore", str(folder), stdout=io.StringIO())


def test_a_damaged_backup_is_refused_before_anything_is_written(settings, tmp_path):
    graduate = GraduateFactory()
    upload(graduate, "cv.pdf", pdf_bytes())
    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    (stored,) = (folder / "files" / "private").rglob("*.pdf")
    stored.write_bytes(b"%PDF-1.4 not the same")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-restored"
    with empty_database():
        with pytest.raises(CommandError, match="checksum"):
            call_command("restore", str(folder), stdout=io.StringIO())
        assert not connection.introspection.table_names()


def test_a_backup_never_writes_into_an_existing_folder(tmp_path):
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(tmp_path), stdout=io.StringIO())
