"""`qstrong backup` / `qstrong restore`: every record and media file back, corruption refused."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from qstrong.core.security import Kind, security_record
from qstrong.registry.tests.factories import EnterpriseFactory

MEDIA = {
    "policies/2026/12/通知.pdf": b"%PDF-1.7 fake but exact bytes \x00\x01",
    "casework/a.jpg": b"\xff\xd8jpg",
}


def _seed() -> None:
    for _n in range(3):
        EnterpriseFactory()
    security_record(kind=Kind.LOGIN, username="backup-test")
    media = Path(settings.MEDIA_ROOT)
    for rel, data in MEDIA.items():
        (media / rel).parent.mkdir(parents=True, exist_ok=True)
        (media / rel).write_bytes(data)


def _backup(tmp_path: Path) -> Path:
    archive = tmp_path / "qstrong-backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "备份完成" in out.getvalue() and "2 个媒体文件" in out.getvalue()
    return archive


def _wipe_media() -> None:
    for rel in MEDIA:
        (Path(settings.MEDIA_ROOT) / rel).unlink()


def _media_back() -> None:
    for rel, data in MEDIA.items():
        assert (Path(settings.MEDIA_ROOT) / rel).read_bytes() == data


def _pg_tables(cursor: Any) -> dict[str, tuple[int, str]]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "AND table_type = 'BASE TABLE' ORDER BY 1"
    )
    result = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
            f' FROM "{table}" t'
        )
        result[table] = cursor.fetchone()
    return result


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_postgresql_database(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (pg_dump / pg_restore)")
    import psycopg

    _seed()
    archive = _backup(tmp_path)
    _wipe_media()
    db = settings.DATABASES["default"]
    target = f"{db['NAME']}_restore"
    admin = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
        conn.execute(f'CREATE DATABASE "{target}"')
    try:
        url = f"postgres://{db['USER']}@{admin['host']}:{admin['port']}/{target}"
        call_command("restore", str(archive), "--database-url", url, stdout=io.StringIO())

        with connection.cursor() as cursor:
            before = _pg_tables(cursor)
        with psycopg.connect(dbname=target, **admin) as conn, conn.cursor() as cursor:
            after = _pg_tables(cursor)
        assert after == before
        assert before["registry_enterprise"][0] >= 3
        _media_back()

        # restoring again into the now non-empty database is refused
        with pytest.raises(CommandError, match="不是空库"):
            call_command("restore", str(archive), "--database-url", url, stdout=io.StringIO())
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{target}"')


@pytest.mark.skip(reason="hangs on the in-memory shared-cache test database: to be fixed")
@pytest.mark.django_db
def test_backup_then_restore_into_an_empty_sqlite_database(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    import sqlite3

    _seed()
    archive = _backup(tmp_path)
    _wipe_media()
    target = tmp_path / "restored.sqlite3"
    call_command(
        "restore", str(archive), "--database-url", f"sqlite:///{target}", stdout=io.StringIO()
    )

    source = connection.connection
    restored = sqlite3.connect(target)
    tables = [r[0] for r in source.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        query = f'SELECT * FROM "{table}"'
        assert sorted(map(repr, restored.execute(query))) == sorted(
            map(repr, source.execute(query))
        )
    _media_back()


def _rewrite(archive: Path, member: str, data: bytes) -> Path:
    """The same archive with one member's bytes changed (the manifest untouched)."""
    corrupted = archive.with_name("corrupted.tar.gz")
    with tarfile.open(archive, "r:gz") as src, tarfile.open(corrupted, "w:gz") as out:
        for info in src.getmembers():
            payload = src.extractfile(info).read() if info.isfile() else b""  # type: ignore[union-attr]
            if info.name == member:
                payload = data
            info.size = len(payload)
            out.addfile(info, io.BytesIO(payload))
    return corrupted


@pytest.mark.django_db(transaction=True)
def test_a_corrupted_archive_is_refused_and_nothing_is_restored(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite test database cannot be backed up from inside the test yet")
    _seed()
    archive = _backup(tmp_path)
    target = tmp_path / "never.sqlite3"
    url = f"sqlite:///{target}" if connection.vendor == "sqlite" else "postgres://x@127.0.0.1/none"

    changed = _rewrite(archive, "media/casework/a.jpg", b"\xff\xd8tampered")
    with pytest.raises(
        CommandError, match=r"备份文件已损坏：media/casework/a.jpg 的校验和与清单不符"
    ):
        call_command("restore", str(changed), "--database-url", url, stdout=io.StringIO())

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="备份文件已损坏"):
        call_command("restore", str(truncated), "--database-url", url, stdout=io.StringIO())
    assert not target.exists()
