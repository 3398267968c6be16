"""Database backups: pg_dump / pg_restore on PostgreSQL, the online backup API on SQLite.

Files are named with their time (`guichet-AAAAMMJJ-HHMMSS.dump` or `.sqlite3`) under var/backups/, next
to an archive of the documents (`…-documents.tar.gz`, still encrypted: keep GUICHET_DOCUMENT_KEYS apart).
Both engines keep the journal's triggers: pg_restore recreates them after loading the rows, and the
SQLite backup copies the database file page by page, triggers included.
"""

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return [*args, "--no-password"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise InvalidInput(_("L'outil %s est introuvable : installez le client PostgreSQL.") % name)
    return path


def backup(*, directory: Path) -> list[Path]:
    """Write a backup of the database (and the documents), return the files written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        target = directory / f"guichet-{stamp}.dump"
        subprocess.run(  # noqa: S603 (no shell; arguments from settings and the operator)
            [
                _tool("pg_dump"),
                *_pg_args(db),
                "--format=custom",
                "--no-owner",
                "--file",
                str(target),
                db["NAME"],
            ],
            env=_pg_env(db),
            check=True,
        )
    else:
        target = directory / f"guichet-{stamp}.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    written = [target]
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        archive = directory / f"guichet-{stamp}-documents.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(media, arcname=".")
        written.append(archive)
    return written


def _is_empty(database_url: str) -> bool:
    db = dj_database_url.parse(database_url)
    if db["ENGINE"].endswith("sqlite3"):
        if not Path(db["NAME"]).exists():
            return True
        with sqlite3.connect(db["NAME"]) as probe:
            tables = probe.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        probe.close()
        return tables == 0
    query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    result = subprocess.run(  # noqa: S603 (no shell; arguments from settings)
        [_tool("psql"), *_pg_args(db), "--tuples-only", "--no-align", "--command", query, db["NAME"]],
        env=_pg_env(db),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip() or 0) == 0


def restore(*, file: Path, database_url: str, replace: bool = False) -> None:
    """Restore a backup into the database at database_url, which must be empty unless replace is set."""
    file = Path(file)
    if not file.exists():
        raise InvalidInput(_("Sauvegarde introuvable : %s.") % file)
    if not replace and not _is_empty(database_url):
        raise InvalidInput(
            _(
                "La base de destination n'est pas vide : restaurez dans une base neuve, ou ajoutez "
                "--remplacer pour écraser son contenu."
            )
        )
    db = dj_database_url.parse(database_url)
    if file.suffix == ".dump":
        if not db["ENGINE"].endswith("postgresql"):
            raise InvalidInput(_("Une sauvegarde PostgreSQL (.dump) se restaure dans une base PostgreSQL."))
        options = ["--clean", "--if-exists"] if replace else []
        subprocess.run(  # noqa: S603 (no shell; arguments from settings and the operator)
            [
                _tool("pg_restore"),
                *_pg_args(db),
                *options,
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                db["NAME"],
                str(file),
            ],
            env=_pg_env(db),
            check=True,
        )
    else:
        if not db["ENGINE"].endswith("sqlite3"):
            raise InvalidInput(_("Une sauvegarde SQLite (.sqlite3) se restaure dans une base SQLite."))
        with sqlite3.connect(file) as source, sqlite3.connect(db["NAME"]) as target:
            source.backup(target)
        source.close()
        target.close()
    documents = file.with_name(file.stem + "-documents.tar.gz")
    if documents.exists():
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        with tarfile.open(documents, "r:gz") as tar:
            tar.extractall(settings.MEDIA_ROOT, filter="data")  # "data": nothing outside MEDIA_ROOT
