"""The daily digest: one e-mail per person with overdue and due-soon tasks, once a day."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from qstrong.accounts.models import Role
from qstrong.accounts.tests.factories import UserFactory, county_officer_qingxu
from qstrong.casework.models import ReminderDigest, Task
from qstrong.casework.tests.factories import TaskFactory, qingxu_bureau

pytestmark = pytest.mark.django_db


def test_digest_once_per_person_per_day() -> None:
    # Given a 清徐 officer with one overdue, one due in 2 days, one done and one far off
    officer = county_officer_qingxu()
    officer.email = "qingxu@example.cn"
    officer.save()
    TaskFactory(responsible_person=officer, due_date=dt.date(2024, 6, 28), action="逾期的任务")
    TaskFactory(responsible_person=officer, due_date=dt.date(2024, 7, 3), action="快到期的任务")
    TaskFactory(responsible_person=officer, due_date=dt.date(2024, 6, 1), state=Task.State.DONE)
    TaskFactory(responsible_person=officer, due_date=dt.date(2024, 8, 1))

    # When the command runs twice on 1 July
    out = StringIO()
    call_command("remind_tasks", "--date", "2024-07-01", stdout=out)
    call_command("remind_tasks", "--date", "2024-07-01", stdout=out)

    # Then one e-mail went out, naming both tasks, and the second run sent nothing
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["qingxu@example.cn"]
    assert mail.outbox[0].subject == "任务提醒：1 项逾期，1 项即将到期"
    assert "逾期的任务" in mail.outbox[0].body and "快到期的任务" in mail.outbox[0].body
    assert out.getvalue().splitlines() == [
        "sent 1, already sent today 0, no e-mail address 0",
        "sent 0, already sent today 1, no e-mail address 0",
    ]
    digest = ReminderDigest.objects.get()
    assert (digest.day, digest.overdue_count, digest.due_soon_count) == (dt.date(2024, 7, 1), 1, 1)

    # And the next day there is a new digest
    call_command("remind_tasks", "--date", "2024-07-02", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_bureau_tasks_go_to_every_officer_of_the_bureau() -> None:
    for name in ("a", "b"):
        UserFactory(
            username=name,
            email=f"{name}@example.cn",
            organisation=qingxu_bureau(),
            role=Role.COUNTY_OFFICER,
        )
    TaskFactory(due_date=dt.date(2024, 6, 1))

    call_command("remind_tasks", "--date", "2024-07-01", stdout=StringIO())

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cn", "b@example.cn"]
