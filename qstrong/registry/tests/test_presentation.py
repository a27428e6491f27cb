"""Contact numbers: masked unless the user is an officer of the jurisdiction or the enterprise."""

from __future__ import annotations

import pytest

from qstrong.accounts.models import Role
from qstrong.accounts.tests import factories as people
from qstrong.registry.presentation import can_see_contact, contact_phone_for, mask_phone
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("0351-7654321", "035****4321"),
        (" 13812345678 ", "138****5678"),
        ("13812345678；0351-7654321", "138****5678；035****4321"),
        ("13812345678, 13900001111", "138****5678, 139****1111"),
        ("12345", "****45"),
        ("12", "****"),
        ("", ""),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.django_db
def test_who_sees_the_contact_of_an_enterprise_in_qingxu() -> None:
    # Given an enterprise in 清徐 and another in 太谷
    qingxu = EnterpriseFactory(uscc=make_uscc(1), contact_phone="13812345678")
    taigu = EnterpriseFactory(uscc=make_uscc(2, "140703"), region_id="140703")
    admin = people.UserFactory(username="sysadmin", organisation=None, role=Role.ADMIN)

    # Then officers whose jurisdiction covers it and the enterprise itself see it; others do not
    assert can_see_contact(user=people.county_officer_qingxu(), enterprise=qingxu) is True
    assert can_see_contact(user=people.city_officer_taiyuan(), enterprise=qingxu) is True
    assert can_see_contact(user=people.province_planner(), enterprise=qingxu) is True
    assert can_see_contact(user=people.enterprise_user(qingxu), enterprise=qingxu) is True
    assert can_see_contact(user=people.county_officer_taigu(), enterprise=qingxu) is False
    assert can_see_contact(user=people.leader(), enterprise=qingxu) is False
    assert can_see_contact(user=admin, enterprise=qingxu) is False
    assert can_see_contact(user=people.enterprise_user(taigu), enterprise=qingxu) is False
    assert can_see_contact(user=None, enterprise=qingxu) is False
    assert contact_phone_for(user=people.leader(), enterprise=qingxu) == "138****5678"
    assert contact_phone_for(user=people.county_officer_qingxu(), enterprise=qingxu) == (
        "13812345678"
    )
