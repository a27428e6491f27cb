"""Level-3 authentication: password history and age, second factor per role, rate limits,
every session ended on password change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from qstrong.accounts.models import Role, TwoFactorPolicy, User
from qstrong.accounts.policy import otp_required_for_role, password_expired
from qstrong.accounts.tests import factories as people
from qstrong.core.models import SecurityEvent

pytestmark = pytest.mark.django_db

PASSWORDS = [f"Qs-Passw0rd-{n}!" for n in range(7)]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def signed_in(username: str, password: str = people.PASSWORD, **extra: Any) -> Client:
    client = Client(**extra)
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def _change(client: Client, old: str, new: str) -> Any:
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


# --- password history and age -------------------------------------------------------------


def test_a_password_cannot_be_one_of_the_last_five() -> None:
    officer = people.county_officer_qingxu()
    current = people.PASSWORD
    for new in PASSWORDS[:5]:
        response = _change(signed_in("qingxu", current), current, new)
        assert response.status_code == 302
        current = new

    # the password used five changes ago is refused, with the reason in Chinese
    refused = _change(signed_in("qingxu", current), current, PASSWORDS[0])
    assert refused.status_code == 200
    assert "新密码不能与最近 5 次使用过的密码相同" in refused.content.decode()
    # and the one from before those five (the factory's) is allowed again
    officer.refresh_from_db()
    assert officer.check_password(current)
    assert _change(signed_in("qingxu", current), current, people.PASSWORD).status_code == 302


def test_a_password_past_its_maximum_age_must_be_changed_first(settings: Any) -> None:
    settings.QSTRONG_PASSWORD_MAX_AGE_DAYS = 90
    officer = people.county_officer_qingxu()
    now = timezone.now()
    User.objects.filter(pk=officer.pk).update(password_changed_at=now - dt.timedelta(days=91))
    officer.refresh_from_db()
    assert password_expired(officer, now=now)
    assert not password_expired(officer, now=now - dt.timedelta(days=2))

    client = signed_in("qingxu")
    page = client.get(reverse("registry:enterprise_list"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:password_change"))
    assert client.get("/api/registry/enterprises").status_code == 403

    # when the officer changes it, signs in again, the pages open
    _change(client, people.PASSWORD, PASSWORDS[0])
    client = signed_in("qingxu", PASSWORDS[0])
    assert client.get(reverse("registry:enterprise_list")).status_code == 200


def test_every_session_ends_when_the_password_changes() -> None:
    people.county_officer_qingxu()
    office, phone = signed_in("qingxu"), signed_in("qingxu")
    assert phone.get(reverse("registry:enterprise_list")).status_code == 200

    response = _change(office, people.PASSWORD, PASSWORDS[1])

    assert response["Location"] == reverse("accounts:login")
    for client in (office, phone):
        page = client.get(reverse("registry:enterprise_list"))
        assert page.status_code == 302
        assert page["Location"].startswith(reverse("accounts:login"))
    assert SecurityEvent.objects.filter(kind="password_changed", username="qingxu").count() == 1


# --- second factor --------------------------------------------------------------------------


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_second_factor_is_required_per_role_by_the_security_administrator() -> None:
    people.county_officer_qingxu()
    people.province_planner()
    TwoFactorPolicy.objects.create(role=Role.COUNTY_OFFICER, required=True)

    # the county officer is sent to set up TOTP before anything else
    client = signed_in("qingxu")
    page = client.get(reverse("registry:enterprise_list"))
    assert page["Location"].startswith(reverse("accounts:otp_setup"))
    setup = client.get(reverse("accounts:otp_setup"))
    assert 'data-testid="otp-qr"' in setup.content.decode()
    device = TOTPDevice.objects.get(user__username="qingxu")
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert "动态口令不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a wrong code: skip the wait
    client.post(reverse("accounts:otp_setup"), {"token": _code(device)})
    assert client.get(reverse("registry:enterprise_list")).status_code == 200

    # next time the code is asked for after the password
    again = signed_in("qingxu")
    assert again.get(reverse("registry:enterprise_list"))["Location"].startswith(
        reverse("accounts:otp_verify")
    )
    device.refresh_from_db()
    device.last_t = -1  # a code may not be used twice: let the same 30 s window count again
    device.save()
    again.post(reverse("accounts:otp_verify"), {"token": _code(device)})
    assert again.get(reverse("registry:enterprise_list")).status_code == 200

    # the province planner's role does not require it
    assert signed_in("province").get(reverse("registry:enterprise_list")).status_code == 200
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"otp_setup", "otp_failed", "otp_verified"} <= kinds


def test_in_production_every_administrator_role_requires_it_by_default(settings: Any) -> None:
    settings.QSTRONG_OTP_REQUIRED_ROLES = ["admin", "security_admin", "audit_admin"]
    assert all(
        otp_required_for_role(r) for r in (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
    )
    assert not otp_required_for_role(Role.COUNTY_OFFICER)
    # the security administrator may still decide otherwise per role
    TwoFactorPolicy.objects.create(role=Role.AUDIT_ADMIN, required=False)
    assert not otp_required_for_role(Role.AUDIT_ADMIN)


def test_only_the_security_administrator_sets_the_policy() -> None:
    for persona, status in (
        (people.security_admin, 200),
        (people.system_admin, 403),
        (people.audit_admin, 403),
    ):
        client = Client()
        client.force_login(persona())
        assert client.get("/admin/accounts/twofactorpolicy/").status_code == status


# --- rate limits ----------------------------------------------------------------------------


def test_sign_in_is_rate_limited_per_address(settings: Any) -> None:
    settings.QSTRONG_RATE_LOGIN_PER_ADDRESS = "3/h"
    client = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(3):
        response = client.post(reverse("accounts:login"), {"username": f"x{n}", "password": "y"})
        assert response.status_code == 200
    refused = client.post(reverse("accounts:login"), {"username": "x9", "password": "y"})
    assert refused.status_code == 429
    assert "您的操作过于频繁" in refused.content.decode()
    # another address is not affected
    other = Client(REMOTE_ADDR="10.0.0.10")
    assert (
        other.post(reverse("accounts:login"), {"username": "x", "password": "y"}).status_code == 200
    )
    assert SecurityEvent.objects.filter(kind="rate_limited", address="10.0.0.9").count() == 1


def test_sign_in_is_rate_limited_per_account_across_addresses(settings: Any) -> None:
    settings.QSTRONG_RATE_LOGIN_PER_ACCOUNT = "2/h"
    people.county_officer_qingxu()
    for n in range(2):
        Client(REMOTE_ADDR=f"10.0.1.{n}").post(
            reverse("accounts:login"), {"username": "qingxu", "password": "wrong"}
        )
    refused = Client(REMOTE_ADDR="10.0.1.99").post(
        reverse("accounts:login"), {"username": "qingxu", "password": people.PASSWORD}
    )
    assert refused.status_code == 429


def test_the_public_calculator_is_rate_limited(settings: Any) -> None:
    settings.QSTRONG_RATE_CALCULATOR_PER_ADDRESS = "2/h"
    client = Client(REMOTE_ADDR="10.0.2.1")
    url = reverse("portal:calculator") + "?calculate=1"
    assert [client.get(url).status_code for _n in range(3)] == [200, 200, 429]
    # opening the empty form is not counted
    assert client.get(reverse("portal:calculator")).status_code == 200


def test_password_change_is_rate_limited(settings: Any) -> None:
    settings.QSTRONG_RATE_PASSWORD_PER_ADDRESS = "2/h"
    people.county_officer_qingxu()
    client = signed_in("qingxu")
    codes = [_change(client, "wrong", PASSWORDS[2]).status_code for _n in range(3)]
    assert codes == [200, 200, 429]
