"""The audit administrator's reads of the security trail: search, and export to xlsx / csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from qstrong.core.models import SecurityEvent

EXPORT_MAX_ROWS = 200_000


@dataclass(frozen=True)
class TrailFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str = ""
    outcome: str = ""
    q: str = ""  # user name, address, object id or path


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def trail_search(*, criteria: TrailFilter) -> QuerySet[SecurityEvent]:
    """Events matching the criteria, newest first (dates are whole local days, both included)."""
    qs = SecurityEvent.objects.order_by("-seq", "-id")
    if criteria.start is not None:
        qs = qs.filter(at__gte=_midnight(criteria.start))
    if criteria.end is not None:
        qs = qs.filter(at__lt=_midnight(criteria.end + dt.timedelta(days=1)))
    if criteria.kind:
        qs = qs.filter(kind=criteria.kind)
    if criteria.outcome:
        qs = qs.filter(outcome=criteria.outcome)
    text = criteria.q.strip()
    if text:
        qs = qs.filter(
            Q(username__icontains=text)
            | Q(address__startswith=text)
            | Q(object_id=text)
            | Q(path__icontains=text)
        )
    return qs


def _headers() -> list[str]:
    return [
        _("序号"), _("时间"), _("用户名"), _("来源地址"), _("事件"), _("结果"), _("对象类型"),
        _("对象标识"), _("访问路径"), _("详情"), _("哈希"),
    ]  # fmt: skip


def _rows(events: Iterable[SecurityEvent]) -> Iterable[list[object]]:
    kinds = dict(SecurityEvent.Kind.choices)
    outcomes = dict(SecurityEvent.Outcome.choices)
    for e in events:
        yield [
            e.seq,
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.username,
            e.address,
            str(kinds.get(e.kind, e.kind)),
            str(outcomes.get(e.outcome, e.outcome)),
            e.object_type,
            e.object_id,
            e.path,
            str(e.detail) if e.detail else "",
            e.hash,
        ]


def trail_csv(qs: QuerySet[SecurityEvent]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    writer.writerows(_rows(qs[:EXPORT_MAX_ROWS].iterator(chunk_size=2000)))
    # A BOM so that Excel opens the Chinese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def trail_xlsx(qs: QuerySet[SecurityEvent]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("安全审计记录"))
    sheet.append(_headers())
    for row in _rows(qs[:EXPORT_MAX_ROWS].iterator(chunk_size=2000)):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)

    return out.getvalue()
