"""`qstrong restore FILE`: check the archive, then restore it into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qstrong.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a `qstrong backup` archive into an EMPTY database and the media root."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--database-url",
            default="",
            help="restore into this (empty) database instead of DATABASE_URL's",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["file"])
        if not archive.is_file():
            raise CommandError(f"找不到备份文件：{archive}")
        try:
            manifest = backup_restore(archive=archive, database_url=options["database_url"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for e in manifest["files"] if e["path"].startswith("media/"))
        self.stdout.write(
            f"恢复完成：{manifest['engine']} 数据库（备份于 {manifest['created_at']}）"
            f"与 {media} 个媒体文件，全部校验和一致"
        )
