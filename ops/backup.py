"""Backups that restore: the database (pg_dump's custom format), every stored file (private
resumes, contracts and reports; public logos, posters and brochures) read through Django's
storage API, and a manifest with the campaign tally and a checksum of each piece.

A backup is one folder:

    database.dump        pg_dump -Fc, restored with pg_restore
    files/private/...    the `private` storage's files, under their stored names
    files/media/...      the `default` storage's files
    manifest.json        when, from which migrations, the tally, each file's size and SHA-256

`restore` wants an empty database and empty storages (a new machine, or one wiped on purpose:
it never overwrites), checks every checksum, restores, then compares the tally computed from the
restored rows with the manifest's before it rebuilds the search index.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from outcomes import tally

FORMAT = 1
DUMP = "database.dump"
MANIFEST = "manifest.json"
# Storage aliases (settings.STORAGES) and their folder in the backup.
STORES = {"private": "private", "default": "media"}


class BackupError(Exception):
    """A backup or restore that cannot go on, with what to do about it."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage (listdir is one level; names use '/')."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # an empty shared volume has no folder yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def _pg_environment() -> tuple[list[str], dict]:
    """libpq's connection options for pg_dump and pg_restore (the password in the environment)."""
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL=postgres://…): the embedded SQLite file is "
            "copied with the processes stopped."
        )
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _migrations() -> dict[str, str]:
    """The last migration applied of each app."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.order_by("app", "name").values_list(
        "app", "name"
    ):
        latest[app] = name
    return latest


def backup(folder: Path) -> dict:
    """Write a backup into `folder` (created; it must not exist) and return its manifest."""
    if folder.exists():
        raise BackupError(f"{folder} exists already: give a new folder for the backup.")
    args, env = _pg_environment()
    folder.mkdir(parents=True)
    try:
        # The tally first, then the dump: rows added in between make the restored tally larger,
        # which restore reports (take backups when nobody writes, or accept the difference).
        figures = tally.summary()
        migrations = _migrations()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / DUMP), *args], env)
        files: dict[str, list[dict]] = {}
        for alias, name in STORES.items():
            storage = storages[alias]
            files[name] = []
            for stored in _walk(storage):
                target = folder / "files" / name / stored
                target.parent.mkdir(parents=True, exist_ok=True)
                with storage.open(stored, "rb") as source, target.open("wb") as copy:
                    shutil.copyfileobj(source, copy)
                files[name].append(
                    {"name": stored, "size": target.stat().st_size, "sha256": _sha256(target)}
                )
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(timespec="seconds"),
            "database": {"file": DUMP, "sha256": _sha256(folder / DUMP)},
            "migrations": migrations,
            "tally": figures,
            "files": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # never leave half a backup looking whole
        raise
    return manifest


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{folder} holds no {MANIFEST}: not a backup.") from None
    except ValueError as error:
        raise BackupError(f"{folder / MANIFEST} is damaged: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify(folder: Path, manifest: dict) -> None:
    """Every piece present with the checksum the manifest gives."""
    pieces = [(folder / DUMP, manifest["database"]["sha256"])]
    for name, entries in manifest["files"].items():
        pieces += [(folder / "files" / name / e["name"], e["sha256"]) for e in entries]
    for path, expected in pieces:
        if not path.is_file():
            raise BackupError(f"{path} is missing from the backup.")
        if _sha256(path) != expected:
            raise BackupError(f"{path} does not match its checksum: the backup is damaged.")


def restore(folder: Path, *, reindex: bool = True) -> dict:
    """Restore a backup into an empty database and empty storages; return the restored tally.

    Raises BackupError, before writing anything, when the backup is damaged or the target is
    not empty; after restoring, when the tally differs from the manifest's.
    """
    manifest = read_manifest(folder)
    verify(folder, manifest)
    args, env = _pg_environment()
    if connection.introspection.table_names():
        raise BackupError(
            f"The database {settings.DATABASES['default']['NAME']} has tables: restore only "
            "into an empty database (createdb a new one)."
        )
    for alias in STORES:
        if next(_walk(storages[alias]), None) is not None:
            raise BackupError(f"The {alias!r} storage holds files: restore only into empty ones.")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            *args,
            str(folder / DUMP),
        ],
        env,
    )
    connection.close()  # forget what was introspected before the tables existed
    for alias, name in STORES.items():
        storage = storages[alias]
        for entry in manifest["files"][name]:
            with (folder / "files" / name / entry["name"]).open("rb") as handle:
                saved = storage.save(entry["name"], File(handle))
            if saved != entry["name"]:
                raise BackupError(f"{entry['name']} was stored as {saved}.")
    figures = tally.summary()
    if figures != manifest["tally"]:
        changed = {
            k: (manifest["tally"].get(k), v)
            for k, v in figures.items()
            if manifest["tally"].get(k) != v
        }
        raise BackupError(f"The restored tally differs from the backup's: {changed}")
    if reindex:
        from search import service

        service.rebuild_index()
    return figures


def default_folder() -> Path:
    stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BACKUP_ROOT) / f"jinpin-{stamp}"
