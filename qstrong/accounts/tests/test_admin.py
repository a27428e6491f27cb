"""Accounts admin: only system administrators enter; users get organisation, role and language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from qstrong.accounts.models import Organisation, Role, User
from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Xk7#pLq2!vRt9"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sysadmin() -> User:
    return people.UserFactory(username="sysadmin", organisation=None, role=Role.ADMIN)


def test_anonymous_is_sent_to_the_platform_login() -> None:
    response = Client().get("/admin/", follow=True)

    assert response.redirect_chain[-1] == ("/accounts/login/?next=/admin/", 302)


def test_the_system_administrator_enters_without_staff_status(sysadmin: User) -> None:
    assert sysadmin.is_staff is False

    response = signed_in(sysadmin).get("/admin/")

    assert response.status_code == 200
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"User", "Organisation", "Enterprise", "Job"} <= models
    # 三权分立: the audit trails are the audit administrator's, not the system administrator's
    assert not {"AuditEvent", "SecurityEvent"} & models


def test_a_superuser_enters() -> None:
    root = User.objects.create_superuser("root", "root@example.org", NEW_PASSWORD)

    assert signed_in(root).get("/admin/").status_code == 200


@pytest.mark.parametrize("persona", ["county_officer_qingxu", "province_planner", "leader"])
def test_staff_without_the_admin_role_cannot_enter(persona: str) -> None:
    # Given an officer who was given staff status
    user = getattr(people, persona)()
    user.is_staff = True
    user.save()

    # When they open the admin
    client = signed_in(user)
    index = client.get("/admin/", follow=True)
    users = client.get("/admin/accounts/user/", follow=True)

    # Then they are refused
    assert index.status_code == 403
    assert users.status_code == 403


def test_the_admin_login_page_never_shows_a_second_login_form(sysadmin: User) -> None:
    response = signed_in(sysadmin).get("/admin/login/?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/accounts/user/"


def test_a_user_is_created_with_organisation_role_and_language(sysadmin: User) -> None:
    # Given the 清徐 bureau
    bureau = people.bureau("清徐县市场监督管理局", Organisation.Level.COUNTY, "140121")

    # When the administrator adds an officer there
    response = signed_in(sysadmin).post(
        "/admin/accounts/user/add/",
        {
            "username": "qingxu_new",
            "display_name": "李科长",
            "organisation": str(bureau.pk),
            "role": Role.COUNTY_OFFICER,
            "language": "en",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    # Then the account has them, and the audit trail says who created it
    assert response.status_code == 302
    user = User.objects.get(username="qingxu_new")
    # (三权分立: the role, even if posted, is the security administrator's to give)
    assert (user.display_name, user.organisation, user.role, user.language) == (
        "李科长",
        bureau,
        "",
        "en",
    )
    assert user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert (event.action, event.actor) == ("create", sysadmin)
    assert event.changes["username"] == [None, "qingxu_new"]


def test_a_weak_password_is_refused(sysadmin: User) -> None:
    response = signed_in(sysadmin).post(
        "/admin/accounts/user/add/",
        {"username": "weak", "role": Role.LEADER, "password1": "123", "password2": "123"},
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="weak").exists()


def test_a_role_change_by_the_security_administrator_is_audited() -> None:
    officer = people.county_officer_qingxu()
    client = signed_in(people.security_admin())
    url = f"/admin/accounts/user/{officer.pk}/change/"
    form = client.get(url).context["adminform"].form
    # every field but the role is read-only for the security administrator
    assert list(form.fields) == ["role"]

    response = client.post(url, {"role": Role.LEADER})

    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(officer.pk))
    assert event.changes == {"role": ["county_officer", "leader"]}


def test_a_locked_account_is_unlocked_by_the_security_administrator() -> None:
    officer = people.county_officer_qingxu()
    until = timezone.now() + dt.timedelta(minutes=15)
    User.objects.filter(pk=officer.pk).update(failed_logins=0, locked_until=until)

    signed_in(people.security_admin()).post(
        "/admin/accounts/user/", {"action": "unlock", "_selected_action": [officer.pk]}
    )

    officer.refresh_from_db()
    assert officer.locked_until is None
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(officer.pk))
    assert event.changes == {"locked_until": [until.isoformat(), None]}


def test_users_and_organisations_are_not_deleted_in_admin(sysadmin: User) -> None:
    officer = people.county_officer_qingxu()
    client = signed_in(sysadmin)

    user_delete = client.get(f"/admin/accounts/user/{officer.pk}/delete/")
    org_delete = client.get(f"/admin/accounts/organisation/{officer.organisation_id}/delete/")

    assert (user_delete.status_code, org_delete.status_code) == (403, 403)
