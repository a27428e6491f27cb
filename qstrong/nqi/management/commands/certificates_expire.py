"""Daily: mark certificates past their expiry date expired and re-match their enterprises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qstrong.nqi.services import certificates_expire


class Command(BaseCommand):
    help = "将有效期已届满的认证证书标记为过期，并对相关企业重新匹配政策（每日运行）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        lapsed = certificates_expire(today=today)
        enterprises = len({c.enterprise_id for c in lapsed})
        self.stdout.write(f"expired {len(lapsed)}, enterprises re-matched {enterprises}")
