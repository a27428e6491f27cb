"""Who sees which part of the registry."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.models import Role
from qstrong.accounts.tests import factories as people
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_a_county_officer_covers_their_county_and_writes() -> None:
    j = jurisdiction_of(people.county_officer_qingxu())
    assert (j.region_prefix, j.enterprise_id, j.can_write) == ("140121", None, True)
    assert j.covers_region("140121") and not j.covers_region("140703")


def test_a_city_officer_covers_the_city() -> None:
    j = jurisdiction_of(people.city_officer_taiyuan())
    assert j.region_prefix == "1401"
    assert j.covers_region("140121") and not j.covers_region("140703")


def test_the_province_covers_everything_and_a_leader_only_reads() -> None:
    assert jurisdiction_of(people.province_planner()).is_everything
    leader = jurisdiction_of(people.leader())
    assert (leader.is_everything, leader.can_write) == (True, False)


def test_an_enterprise_user_covers_only_its_enterprise() -> None:
    enterprise = EnterpriseFactory()
    j = jurisdiction_of(people.enterprise_user(enterprise))
    assert (j.region_prefix, j.enterprise_id) == (None, enterprise.pk)


def test_anonymous_and_roleless_users_see_nothing() -> None:
    assert jurisdiction_of(AnonymousUser()).is_nothing
    user = people.county_officer_qingxu()
    user.role = ""
    assert jurisdiction_of(user).is_nothing
    user.role = Role.COUNTY_OFFICER
    user.is_active = False
    assert jurisdiction_of(user).is_nothing
