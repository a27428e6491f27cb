"""Login attempts: lockout after repeated failures, and the audit trail of every attempt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from qstrong.accounts.services import login_attempt, user_language_set
from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent

pytestmark = pytest.mark.django_db

WRONG = "Wrong-Password-1!"


def _actions(user_pk: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user_pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_right_password_logs_in_and_is_audited() -> None:
    officer = people.county_officer_qingxu()

    outcome = login_attempt(request=None, username="qingxu", password=people.PASSWORD)

    assert outcome.user == officer
    assert outcome.locked is False
    assert _actions(officer.pk) == ["login"]


def test_wrong_password_counts_a_failure() -> None:
    officer = people.county_officer_qingxu()

    outcome = login_attempt(request=None, username="qingxu", password=WRONG)

    officer.refresh_from_db()
    assert outcome.user is None
    assert outcome.error == "用户名或密码不正确。"
    assert officer.failed_logins == 1
    assert officer.locked_until is None
    assert _actions(officer.pk) == ["login_failed"]


def test_five_failures_lock_the_account_for_fifteen_minutes(settings) -> None:
    settings.QSTRONG_LOCKOUT_FAILURES = 5
    settings.QSTRONG_LOCKOUT_MINUTES = 15
    officer = people.county_officer_qingxu()

    outcomes = [login_attempt(request=None, username="qingxu", password=WRONG) for _ in range(5)]

    officer.refresh_from_db()
    assert [o.locked for o in outcomes] == [False, False, False, False, True]
    assert outcomes[-1].error == "账户已锁定，请 15 分钟后再试"
    assert officer.locked_until is not None
    remaining = officer.locked_until - timezone.now()
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    assert _actions(officer.pk) == ["login_failed"] * 5 + ["locked"]


def test_a_locked_account_refuses_even_the_right_password() -> None:
    officer = people.county_officer_qingxu()
    for _ in range(5):
        login_attempt(request=None, username="qingxu", password=WRONG)

    outcome = login_attempt(request=None, username="qingxu", password=people.PASSWORD)

    assert outcome.user is None
    assert outcome.locked is True
    assert outcome.error.startswith("账户已锁定，请 ")
    assert _actions(officer.pk)[-1] == "login_failed"


def test_the_lock_ends_after_its_time_and_success_resets_the_count() -> None:
    officer = people.county_officer_qingxu()
    officer.failed_logins = 3
    officer.locked_until = timezone.now() - timedelta(seconds=1)
    officer.save()

    outcome = login_attempt(request=None, username="qingxu", password=people.PASSWORD)

    officer.refresh_from_db()
    assert outcome.user == officer
    assert officer.failed_logins == 0
    assert officer.locked_until is None


def test_an_unknown_username_is_audited_without_a_user() -> None:
    outcome = login_attempt(request=None, username="nobody", password=WRONG)

    assert outcome.user is None
    event = AuditEvent.objects.get(object_type="accounts.user", object_id="nobody")
    assert event.action == "login_failed"
    assert event.note == "unknown user"


def test_user_language_set_saves_a_known_language() -> None:
    officer = people.county_officer_qingxu()

    user_language_set(user=officer, language="en")

    officer.refresh_from_db()
    assert officer.language == "en"
    with pytest.raises(ValueError):
        user_language_set(user=officer, language="fr")
