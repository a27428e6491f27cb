"""Province planners and admins edit and run; officers and leaders read; enterprises read."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from qstrong.accounts.models import Role
from qstrong.accounts.tests.factories import (
    UserFactory,
    city_officer_taiyuan,
    county_officer_qingxu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.policies.permissions import (
    can_confirm_grant,
    can_edit_policy,
    can_read_policies,
    can_run_matching,
    can_see_unpublished,
)
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_who_may_do_what() -> None:
    admin = UserFactory(username="admin", role=Role.ADMIN)
    people = {
        "planner": province_planner(),
        "admin": admin,
        "city": city_officer_taiyuan(),
        "county": county_officer_qingxu(),
        "leader": leader(),
        "enterprise": enterprise_user(EnterpriseFactory()),
        "anonymous": AnonymousUser(),
    }
    table = {
        name: (
            can_read_policies(user),
            can_see_unpublished(user),
            can_edit_policy(user),
            can_run_matching(user),
            can_confirm_grant(user),
        )
        for name, user in people.items()
    }
    assert table == {
        "planner": (True, True, True, True, True),
        "admin": (True, True, True, True, True),
        "city": (True, False, False, False, False),
        "county": (True, False, False, False, False),
        "leader": (True, False, False, False, False),
        "enterprise": (True, False, False, False, False),
        "anonymous": (False, False, False, False, False),
    }
