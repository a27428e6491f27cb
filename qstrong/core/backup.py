"""Backup and restore: the database and the media files in one archive with checksums."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "qstrong-backup"
VERSION = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_DUMP = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    args += ["-U", str(db.get("USER") or "postgres")]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:500]}")


def _dump_database(target: Path) -> str:
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        args, env = _pg_env(dict(db))
        path = target / PG_DUMP
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(path),
              str(db["NAME"])], env)  # fmt: skip
        return PG_DUMP
    connection.ensure_connection()
    raw = connection.connection
    with sqlite3.connect(target / SQLITE_DUMP) as out:
        raw.backup(out)
    return SQLITE_DUMP


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    bytes: int


def backup_create(*, archive: Path) -> BackupResult:
    """Write the database and every media file, with a manifest of SHA-256 checksums."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        dump_name = _dump_database(staging)
        entries = [{"path": dump_name, "size": (staging / dump_name).stat().st_size,
                    "sha256": _sha256(staging / dump_name)}]  # fmt: skip
        media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
        for path in media_files:
            rel = "media/" + path.relative_to(media).as_posix()
            entries.append({"path": rel, "size": path.stat().st_size, "sha256": _sha256(path)})
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": dump_name,
            "files": entries,
        }
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(staging / dump_name, arcname=dump_name)
            for path in media_files:
                tar.add(path, arcname="media/" + path.relative_to(media).as_posix())
    return BackupResult(path=archive, files=len(media_files), bytes=archive.stat().st_size)


def _extract_checked(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack and check every member against the manifest; BackupError on any difference."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"备份文件已损坏，无法读取：{archive.name}（{exc}）") from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"备份文件缺少或损坏了清单 {MANIFEST}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("这不是 qstrong 的备份文件（清单格式不符）")
    listed = set()
    for entry in manifest["files"]:
        path = into / entry["path"]
        listed.add(entry["path"])
        if not path.is_file():
            raise BackupError(f"备份文件已损坏：缺少 {entry['path']}")
        if path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            raise BackupError(f"备份文件已损坏：{entry['path']} 的校验和与清单不符")
    extra = (
        {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()}
        - listed
        - {MANIFEST}
    )
    if extra:
        raise BackupError(f"备份文件已损坏：含有清单之外的文件 {sorted(extra)[0]}")
    return manifest


def _target(database_url: str) -> dict[str, Any]:
    return (
        dict(dj_database_url.parse(database_url))
        if database_url
        else dict(settings.DATABASES["default"])
    )


def _pg_is_empty(db: dict[str, Any]) -> bool:
    import psycopg

    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
        dbname=db["NAME"],
    ) as conn:  # fmt: skip
        row = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    return bool(row and row[0] == 0)


def backup_restore(*, archive: Path, database_url: str = "") -> dict[str, Any]:
    """Restore into an EMPTY database (the default one, or database_url) and the media root."""
    db = _target(database_url)
    engine = "postgresql" if "postgresql" in db["ENGINE"] else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        manifest = _extract_checked(archive, staging)
        if manifest["engine"] != engine:
            raise BackupError(f"备份来自 {manifest['engine']} 数据库，不能恢复到 {engine} 数据库")
        if engine == "postgresql":
            if not _pg_is_empty(db):
                raise BackupError(f"目标数据库 {db['NAME']} 不是空库：只能恢复到空数据库")
            args, env = _pg_env(db)
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args,
                  "-d", str(db["NAME"]), str(staging / manifest["database"])], env)  # fmt: skip
        else:
            target = Path(str(db["NAME"]))
            if target.exists() and target.stat().st_size > 0:
                with sqlite3.connect(target) as conn:
                    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    raise BackupError(f"目标数据库 {target} 不是空库：只能恢复到空数据库")
            target.parent.mkdir(parents=True, exist_ok=True)
            with (
                sqlite3.connect(staging / manifest["database"]) as src,
                sqlite3.connect(target) as out,
            ):
                src.backup(out)
        media = Path(settings.MEDIA_ROOT)
        restored = staging / "media"
        if restored.exists():
            for path in restored.rglob("*"):
                if path.is_file():
                    dest = media / path.relative_to(restored)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dest)
    return manifest
