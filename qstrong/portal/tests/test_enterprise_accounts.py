"""Enterprise accounts: bureau invitations, self-registration and review, colleagues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qstrong.accounts import enterprise_accounts as accounts
from qstrong.accounts.models import EnterpriseRegistration, User
from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
NEW = "Qs-Enterprise-9!"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _join(client: Client, link: str, username: str) -> object:
    return client.post(link, {"username": username, "display_name": "王经理", "password": NEW})


def test_a_bureau_invites_by_uscc_and_the_link_works_once() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    officer = _client(county_officer_qingxu())
    page = officer.post(reverse("portal:invite"), {"uscc": enterprise.uscc})
    link = page.context["link"]
    assert link.startswith("http://testserver/portal/join/")

    response = _join(Client(), link, "wang")
    assert response.status_code == 302
    user = User.objects.get(username="wang")
    assert (user.role, user.organisation.enterprise, user.is_enterprise_admin) == (
        "enterprise_user",
        enterprise,
        True,
    )
    assert Client().login(username="wang", password=NEW)
    # the link is spent
    again = Client().get(link)
    assert again.status_code == 410
    assert "该邀请链接已被使用" in again.content.decode()


def test_an_expired_invitation_is_refused() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    created = timezone.make_aware(dt.datetime(2026, 1, 1, 9))
    _inv, token = accounts.invitation_create(
        enterprise=enterprise, actor=county_officer_qingxu(), now=created
    )
    with pytest.raises(Exception, match="已过期"):
        accounts.invitation_accept(
            token=token, username="late", display_name="", password=NEW,
            now=created + dt.timedelta(days=8),
        )  # fmt: skip
    assert not User.objects.filter(username="late").exists()


def test_an_officer_of_another_county_cannot_invite_and_gets_no_link() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    page = _client(county_officer_taigu()).post(reverse("portal:invite"), {"uscc": enterprise.uscc})
    assert page.context["link"] == ""
    assert "辖区企业名录中没有" in page.content.decode()
    assert _client(leader()).get(reverse("portal:invite")).status_code == 403


def _register(enterprise: object, username: str = "selfreg") -> object:
    return Client().post(
        reverse("portal:register"),
        {
            "uscc": enterprise.uscc,  # type: ignore[attr-defined]
            "name": enterprise.name,  # type: ignore[attr-defined]
            "legal_rep": "张三",
            "phone": "0351-1234567",
            "username": username,
            "password": NEW,
        },
    )


def test_self_registration_is_approved_by_the_county_officer() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    response = _register(enterprise)
    assert 'data-testid="register-submitted"' in response.content.decode()
    registration = EnterpriseRegistration.objects.get()
    assert not Client().login(username="selfreg", password=NEW)

    # another county's officer neither sees nor decides it
    other = _client(county_officer_taigu())
    assert other.get(reverse("portal:registrations")).context["pending"] == []
    denied = other.post(
        reverse("portal:registration_decide", args=[registration.pk]), {"decision": "approve"}
    )
    assert denied.status_code == 404

    officer = _client(county_officer_qingxu())
    officer.post(
        reverse("portal:registration_decide", args=[registration.pk]), {"decision": "approve"}
    )
    registration.refresh_from_db()
    assert registration.state == "approved"
    assert Client().login(username="selfreg", password=NEW)


def test_a_rejection_needs_a_reason_and_creates_no_account() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    _register(enterprise)
    registration = EnterpriseRegistration.objects.get()
    officer = _client(county_officer_qingxu())
    url = reverse("portal:registration_decide", args=[registration.pk])

    officer.post(url, {"decision": "reject", "reason": ""})
    registration.refresh_from_db()
    assert registration.state == "pending"
    officer.post(url, {"decision": "reject", "reason": "法定代表人电话无法接通"})
    registration.refresh_from_db()
    assert (registration.state, registration.reason) == ("rejected", "法定代表人电话无法接通")
    assert not User.objects.filter(username="selfreg").exists()


def test_registration_of_an_unknown_enterprise_is_refused_in_chinese() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    enterprise.name = "不是这个名字"
    response = _register(enterprise)
    assert "企业名录中没有该统一社会信用代码与名称的企业" in response.content.decode()
    assert not EnterpriseRegistration.objects.exists()


def test_the_enterprise_administrator_invites_and_disables_colleagues() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    boss = enterprise_user(enterprise)
    User.objects.filter(pk=boss.pk).update(is_enterprise_admin=True)
    boss.refresh_from_db()
    client = _client(boss)

    link = client.post(reverse("portal:colleagues"), {"email": ""}).context["link"]
    _join(Client(), link, "colleague")
    colleague = User.objects.get(username="colleague")
    assert (colleague.organisation.enterprise, colleague.is_enterprise_admin) == (enterprise, False)

    client.post(reverse("portal:colleague_active", args=[colleague.pk]), {"active": "0"})
    assert not User.objects.get(pk=colleague.pk).is_active
    assert not Client().login(username="colleague", password=NEW)

    # a colleague who is not the administrator cannot manage; another enterprise's admin 404s
    User.objects.filter(pk=colleague.pk).update(is_active=True)
    assert (
        _client(User.objects.get(pk=colleague.pk)).get(reverse("portal:colleagues")).status_code
        == 403
    )
    stranger = enterprise_user(EnterpriseFactory(region_id="140121"))
    User.objects.filter(pk=stranger.pk).update(is_enterprise_admin=True)
    stranger.refresh_from_db()
    response = _client(stranger).post(
        reverse("portal:colleague_active", args=[colleague.pk]), {"active": "0"}
    )
    assert response.status_code == 404
    assert User.objects.get(pk=colleague.pk).is_active
    assert PASSWORD  # the factory users keep the shared test password
