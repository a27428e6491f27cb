"""`qstrong audit verify`: check the security trail's hash chain from its first row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qstrong.core.models import SecurityEvent
from qstrong.core.security import chain_verify


class Command(BaseCommand):
    help = "Security audit trail: `verify` walks the hash chain and names the first broken row."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])
        parser.add_argument(
            "--expect-head",
            default="",
            help="SEQ:HASH recorded earlier; fails if the chain no longer reaches it (truncation).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = chain_verify()
        if report.problem is not None:
            problem = report.problem
            raise CommandError(
                f"审计记录链校验失败（{problem.kind}）：{problem.message}"
                f"（已校验 {report.checked} 条；此前最后一条完好记录序号 {report.head_seq}）"
            )
        expected = options["expect_head"].strip()
        if expected:
            seq_text, _sep, hash_text = expected.partition(":")
            if not seq_text.isdigit() or int(seq_text) > report.head_seq:
                raise CommandError(
                    f"审计记录链校验失败（deleted）：链尾只到序号 {report.head_seq}，"
                    f"早先记录的序号 {seq_text} 之后的记录已被删除"
                )
            row = SecurityEvent.objects.filter(seq=int(seq_text)).order_by("id").first()
            if hash_text and (row is None or row.hash != hash_text):
                raise CommandError(f"审计记录链校验失败（altered）：序号 {seq_text} 的哈希不符")
        self.stdout.write(
            f"审计记录链完好：共 {report.checked} 条，链尾序号 {report.head_seq}，"
            f"哈希 {report.head_hash}"
        )
