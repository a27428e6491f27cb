"""`qstrong backup FILE`: the database and media files in one archive with checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qstrong.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's backup API) and media files to FILE."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive to write, e.g. qstrong-2026-12-04.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_create(archive=Path(options["file"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"备份完成：{result.path}（数据库 + {result.files} 个媒体文件，{result.bytes} 字节）"
        )
