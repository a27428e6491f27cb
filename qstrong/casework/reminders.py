"""The daily reminder digest: one e-mail per officer with their overdue and due-soon tasks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import OFFICER_ROLES
from qstrong.accounts.models import User
from qstrong.casework.models import OPEN_TASK_STATES, ReminderDigest, Task
from qstrong.casework.selectors import DUE_SOON_DAYS


@dataclass
class ReminderResult:
    sent: int = 0
    already_sent: int = 0
    without_email: int = 0


def _recipients(task: Task, officers_by_bureau: dict[int, list[User]]) -> list[User]:
    """The responsible person; when none is named, every active officer of the bureau."""
    if task.responsible_person is not None:
        return [task.responsible_person]
    return officers_by_bureau.get(task.responsible_bureau_id, [])


def _digest_text(user: User, overdue: list[Task], soon: list[Task], today: dt.date) -> str:
    lines = [_("%(name)s，您好：") % {"name": user}, ""]
    if overdue:
        lines.append(_("已逾期的任务（%(n)s 项）：") % {"n": len(overdue)})
        lines += [f"  · [{t.due_date:%Y-%m-%d}] {t.need.subject} — {t.action}" for t in overdue]
        lines.append("")
    if soon:
        lines.append(
            _("%(days)s 天内到期的任务（%(n)s 项）：") % {"days": DUE_SOON_DAYS, "n": len(soon)}
        )
        lines += [f"  · [{t.due_date:%Y-%m-%d}] {t.need.subject} — {t.action}" for t in soon]
        lines.append("")
    lines.append(_("请登录平台“惠企直通车 · 我的逾期任务”办理。（%(day)s）") % {"day": today})
    return "\n".join(lines)


def reminders_send(*, today: dt.date) -> ReminderResult:
    """Send today's digests; an officer who already had today's digest gets nothing more.

    The ReminderDigest row is written with the e-mail inside one transaction per person, so a
    failed send leaves no row and the next run tries again.
    """
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    tasks = (
        Task.objects.filter(archived_at__isnull=True, state__in=OPEN_TASK_STATES)
        .filter(due_date__lte=horizon)
        .select_related("need__enterprise", "need__chain", "need__town", "responsible_person")
        .order_by("due_date", "pk")
    )
    officers_by_bureau: dict[int, list[User]] = defaultdict(list)
    bureau_ids = {t.responsible_bureau_id for t in tasks if t.responsible_person_id is None}
    for officer in User.objects.filter(
        Q(organisation_id__in=bureau_ids), is_active=True, role__in=OFFICER_ROLES
    ):
        officers_by_bureau[officer.organisation_id or 0].append(officer)
    per_user: dict[User, tuple[list[Task], list[Task]]] = {}
    for task in tasks:
        for user in _recipients(task, officers_by_bureau):
            overdue, soon = per_user.setdefault(user, ([], []))
            (overdue if task.due_date < today else soon).append(task)
    result = ReminderResult()
    done_today = set(ReminderDigest.objects.filter(day=today).values_list("user_id", flat=True))
    for user, (overdue, soon) in sorted(per_user.items(), key=lambda item: item[0].pk):
        if user.pk in done_today:
            result.already_sent += 1
        elif not user.email:
            result.without_email += 1
        else:
            result.sent += _send_one(user, overdue, soon, today)
    return result


def _send_one(user: User, overdue: list[Task], soon: list[Task], today: dt.date) -> int:
    try:
        with transaction.atomic():
            ReminderDigest.objects.create(
                user=user, day=today, overdue_count=len(overdue), due_soon_count=len(soon)
            )
            with translation.override(user.language or settings.LANGUAGE_CODE):
                subject = _("任务提醒：%(overdue)s 项逾期，%(soon)s 项即将到期") % {
                    "overdue": len(overdue),
                    "soon": len(soon),
                }
                body = _digest_text(user, overdue, soon, today)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return 0  # another run sent it in the meantime
    return 1


def reminder_summary(result: Any) -> str:
    return (
        f"sent {result.sent}, already sent today {result.already_sent}, "
        f"no e-mail address {result.without_email}"
    )
