"""三权分立: what each of the three administrators is refused, and nobody grants themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from qstrong.accounts.models import Role, User
from qstrong.accounts.services import user_role_set
from qstrong.accounts.tests import factories as people
from qstrong.core.models import SecurityEvent
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _role_of(user: User) -> str:
    return User.objects.get(pk=user.pk).role


# --- the system administrator -------------------------------------------------------------


def test_the_system_administrator_cannot_read_the_audit_trails() -> None:
    client = signed_in(people.system_admin())
    assert client.get("/audit/").status_code == 403
    assert client.get("/admin/core/securityevent/").status_code == 403
    assert client.get("/admin/core/auditevent/").status_code == 403


def test_the_system_administrator_cannot_change_roles() -> None:
    admin, officer = people.system_admin(), people.county_officer_qingxu()
    client = signed_in(admin)
    form = client.get(f"/admin/accounts/user/{officer.pk}/change/").context["adminform"].form
    assert "role" not in form.fields and "is_superuser" not in form.fields

    # a role posted anyway is ignored (the field is read-only)
    client.post(f"/admin/accounts/user/{officer.pk}/change/", {"role": Role.ADMIN})
    assert _role_of(officer) == Role.COUNTY_OFFICER
    with pytest.raises(PermissionDenied, match="只有安全管理员可以分配角色"):
        user_role_set(user=officer, role=Role.LEADER, actor=admin)
    # and the refusal is in the security trail
    refused = SecurityEvent.objects.get(kind="permission_changed")
    assert (refused.outcome, refused.username) == ("denied", "sysadmin")


def test_the_system_administrator_cannot_unlock() -> None:
    officer = people.county_officer_qingxu()
    until = timezone.now() + dt.timedelta(minutes=15)
    User.objects.filter(pk=officer.pk).update(locked_until=until)
    signed_in(people.system_admin()).post(
        "/admin/accounts/user/", {"action": "unlock", "_selected_action": [officer.pk]}
    )
    assert User.objects.get(pk=officer.pk).locked_until == until


# --- the security administrator -----------------------------------------------------------


def test_the_security_administrator_gives_roles_but_never_to_itself() -> None:
    security, officer = people.security_admin(), people.county_officer_qingxu()

    user_role_set(user=officer, role=Role.LEADER, actor=security)
    assert _role_of(officer) == Role.LEADER

    with pytest.raises(PermissionDenied, match="不能修改自己账户的角色"):
        user_role_set(user=security, role=Role.ADMIN, actor=security)
    assert _role_of(security) == Role.SECURITY_ADMIN

    # nor through the admin: its own role is read-only there
    client = signed_in(security)
    form = client.get(f"/admin/accounts/user/{security.pk}/change/").context["adminform"].form
    assert "role" not in form.fields
    client.post(f"/admin/accounts/user/{security.pk}/change/", {"role": Role.AUDIT_ADMIN})
    assert _role_of(security) == Role.SECURITY_ADMIN
    kinds = list(SecurityEvent.objects.order_by("seq").values_list("kind", "outcome"))
    assert kinds[:2] == [("permission_changed", "success"), ("permission_changed", "denied")]


def test_the_security_administrator_cannot_touch_business_data_or_trails() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    client = signed_in(people.security_admin())
    assert client.get(f"/registry/enterprises/{enterprise.pk}/").status_code == 404
    assert client.get("/admin/registry/enterprise/").status_code == 403
    assert client.get("/admin/accounts/organisation/").status_code == 403
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert client.get("/audit/").status_code == 403
    assert client.get("/admin/core/securityevent/").status_code == 403
    assert client.get(f"/api/registry/enterprises/{enterprise.uscc}").status_code == 404


# --- the audit administrator --------------------------------------------------------------


def test_the_audit_administrator_reads_the_trail_and_changes_nothing() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    officer = people.county_officer_qingxu()
    auditor = people.audit_admin()
    client = signed_in(auditor)

    assert client.get("/audit/").status_code == 200
    assert client.get("/admin/core/securityevent/").status_code == 200
    assert client.get("/admin/core/auditevent/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get(f"/admin/accounts/user/{officer.pk}/change/").status_code == 403
    assert client.get("/admin/registry/enterprise/").status_code == 403
    assert client.get(f"/registry/enterprises/{enterprise.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        user_role_set(user=officer, role=Role.LEADER, actor=auditor)
    with pytest.raises(PermissionDenied):
        user_role_set(user=auditor, role=Role.SECURITY_ADMIN, actor=auditor)
    assert _role_of(auditor) == Role.AUDIT_ADMIN


def test_a_superuser_is_not_the_audit_administrator() -> None:
    root = User.objects.create_superuser("root", "root@example.org", "Xk7#pLq2!vRt9")
    assert signed_in(root).get("/audit/").status_code == 403
    assert signed_in(root).get("/admin/core/securityevent/").status_code == 403
