"""Registry writes: upsert, archive, memberships, chains and towns, all audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent
from qstrong.registry.models import Enterprise, Segment
from qstrong.registry.services import (
    chain_membership_parts,
    chain_membership_text,
    chain_upsert,
    enterprise_archive,
    enterprise_restore,
    enterprise_set_memberships,
    enterprise_upsert,
    memberships_snapshot,
    supply_link_upsert,
    town_upsert,
)
from qstrong.registry.tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db


def _events(enterprise: Enterprise) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="registry.enterprise", object_id=str(enterprise.pk)
        ).order_by("id")
    )


def test_upsert_creates_derives_scale_and_records_every_field() -> None:
    officer = people.county_officer_qingxu()

    enterprise, outcome = enterprise_upsert(
        uscc=make_uscc(7).lower(),
        data={
            "name": "清徐县醋业有限公司",
            "region_id": "140121",
            "industry_id": "C1462",
            "employees": 120,
            "revenue": Decimal("5000"),
        },
        actor=officer,
    )

    assert outcome == "created"
    assert (enterprise.uscc, enterprise.scale, enterprise.scale_derived) == (
        make_uscc(7),
        "small",
        True,
    )
    [event] = _events(enterprise)
    assert (event.action, event.actor, event.changes["name"]) == (
        "create",
        officer,
        [None, "清徐县醋业有限公司"],
    )


def test_upsert_updates_only_given_fields_and_records_before_after() -> None:
    enterprise = EnterpriseFactory(employees=50, established=dt.date(2010, 1, 1))
    officer = people.county_officer_qingxu()

    _, outcome = enterprise_upsert(uscc=enterprise.uscc, data={"employees": 60}, actor=officer)

    enterprise.refresh_from_db()
    assert (outcome, enterprise.employees, enterprise.established) == (
        "updated",
        60,
        dt.date(2010, 1, 1),
    )
    assert _events(enterprise)[-1].changes == {"employees": [50, 60]}


def test_upsert_with_the_same_values_is_unchanged_and_writes_no_event() -> None:
    enterprise = EnterpriseFactory(employees=50)

    _, outcome = enterprise_upsert(uscc=enterprise.uscc, data={"employees": 50}, actor=None)

    assert outcome == "unchanged"
    assert _events(enterprise) == []


def test_an_officer_of_another_county_cannot_change_an_enterprise() -> None:
    enterprise = EnterpriseFactory(region_id="140121")

    with pytest.raises(PermissionDenied):
        enterprise_upsert(
            uscc=enterprise.uscc, data={"employees": 1}, actor=people.county_officer_taigu()
        )
    with pytest.raises(PermissionDenied):
        enterprise_archive(enterprise=enterprise, actor=people.county_officer_taigu())


def test_a_leader_cannot_write() -> None:
    with pytest.raises(PermissionDenied):
        enterprise_upsert(
            uscc=make_uscc(9), data={"name": "甲", "region_id": "140121"}, actor=people.leader()
        )


def test_invalid_data_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValidationError):
        enterprise_upsert(uscc=make_uscc(11), data={"name": "", "region_id": "140121"}, actor=None)
    assert not Enterprise.objects.filter(uscc=make_uscc(11)).exists()
    assert AuditEvent.objects.count() == 0


def test_archive_and_restore_are_recorded() -> None:
    enterprise = EnterpriseFactory()
    officer = people.county_officer_qingxu()

    enterprise_archive(enterprise=enterprise, actor=officer, reason="注销")
    assert Enterprise.objects.get(pk=enterprise.pk).is_archived
    enterprise_restore(enterprise=enterprise, actor=officer)

    assert [e.action for e in _events(enterprise)] == ["archive", "restore"]
    assert _events(enterprise)[0].note == "注销"
    assert Enterprise.objects.get(pk=enterprise.pk).archived_at is None


def test_memberships_are_replaced_and_audited_as_code_role() -> None:
    enterprise = EnterpriseFactory()
    medicine = ChainFactory(code="modern_medicine", name="现代医药")
    aluminium = ChainFactory(code="aluminium", name="铝")
    town = TownFactory(code="qingxu_vinegar", name="清徐老陈醋")

    enterprise_set_memberships(
        enterprise=enterprise, chains=[(medicine, "core", None)], towns=[(town, True)], actor=None
    )
    changes = enterprise_set_memberships(
        enterprise=enterprise, chains=[(aluminium, "supplier", None)], towns=None, actor=None
    )

    assert changes == {"chains": [["modern_medicine:core"], ["aluminium:supplier"]]}
    assert list(enterprise.town_memberships.values_list("town__code", "is_leading")) == [
        ("qingxu_vinegar", True)
    ]


def test_a_segment_only_change_is_audited_before_and_after() -> None:
    officer = people.county_officer_qingxu()
    enterprise = EnterpriseFactory(region_id="140121")
    medicine = ChainFactory(code="modern_medicine", name="现代医药")
    herbs = SegmentFactory(chain=medicine, name="中药材种植", position=1)
    pharma = SegmentFactory(chain=medicine, name="中成药与制剂", position=2)
    enterprise_set_memberships(
        enterprise=enterprise, chains=[(medicine, "core", None)], towns=None, actor=officer
    )

    to_herbs = enterprise_set_memberships(
        enterprise=enterprise, chains=[(medicine, "core", herbs)], towns=None, actor=officer
    )
    to_pharma = enterprise_set_memberships(
        enterprise=enterprise, chains=[(medicine, "core", pharma)], towns=None, actor=officer
    )
    same = enterprise_set_memberships(
        enterprise=enterprise, chains=[(medicine, "core", pharma)], towns=None, actor=officer
    )
    removed = enterprise_set_memberships(
        enterprise=enterprise, chains=[(medicine, "core", None)], towns=None, actor=officer
    )

    assert to_herbs == {"chains": [["modern_medicine:core"], ["modern_medicine:core@中药材种植"]]}
    assert to_pharma == {
        "chains": [["modern_medicine:core@中药材种植"], ["modern_medicine:core@中成药与制剂"]]
    }
    assert same == {}
    assert removed == {"chains": [["modern_medicine:core@中成药与制剂"], ["modern_medicine:core"]]}
    assert memberships_snapshot(enterprise) == {"chains": ["modern_medicine:core"], "towns": []}
    assert [(e.actor_id, e.action, e.changes) for e in _events(enterprise)][-3:] == [
        (officer.pk, "update", to_herbs),
        (officer.pk, "update", to_pharma),
        (officer.pk, "update", removed),
    ]


def test_chain_membership_text_splits_back_whatever_the_segment_name() -> None:
    assert chain_membership_text("al", "core") == "al:core"
    assert chain_membership_text("al", "core", "") == "al:core"
    assert chain_membership_text("al", "core", "电解铝") == "al:core@电解铝"
    assert chain_membership_parts("al:core") == ("al", "core", None)
    assert chain_membership_parts("al:core@电解铝") == ("al", "core", "电解铝")
    assert chain_membership_parts("al:core@a:b@c") == ("al", "core", "a:b@c")


def test_chain_segments_keep_their_members_when_reordered() -> None:
    chain, _ = chain_upsert(
        code="aluminium", name="铝", segments=["矿山", "氧化铝", "电解铝", "铝加工"], actor=None
    )
    smelting = Segment.objects.get(chain=chain, name="电解铝")

    chain_upsert(
        code="aluminium",
        name="铝",
        segments=["矿山", "氧化铝", "电解铝", "铝加工", "回收"],
        actor=None,
    )

    assert list(chain.segments.values_list("name", "position", "stage")) == [
        ("矿山", 1, "upstream"),
        ("氧化铝", 2, "midstream"),
        ("电解铝", 3, "midstream"),
        ("铝加工", 4, "midstream"),
        ("回收", 5, "downstream"),
    ]
    assert Segment.objects.get(chain=chain, name="电解铝").pk == smelting.pk


def test_town_upsert_is_idempotent() -> None:
    data = {
        "name": "代州黄酒",
        "county_id": "140923",
        "level": "provincial",
        "leading_industry": "黄酒",
        "is_key": True,
    }
    _, first = town_upsert(code="daizhou_yellow_wine", data=data, actor=None)
    _, second = town_upsert(code="daizhou_yellow_wine", data=data, actor=None)
    assert (first, second) == ("created", "unchanged")


def test_supply_link_to_itself_is_refused() -> None:
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError):
        supply_link_upsert(supplier=enterprise, customer=enterprise, product="铝锭", actor=None)


def test_an_enterprise_user_changes_only_its_contact_directly() -> None:
    enterprise = EnterpriseFactory(employees=50, name="清徐老陈醋有限公司")
    owner = people.enterprise_user(enterprise)

    _, outcome = enterprise_upsert(
        uscc=enterprise.uscc, data={"contact_name": "王经理"}, actor=owner
    )
    assert outcome == "updated"
    # Facts that decide eligibility change only through an approved change request.
    with pytest.raises(PermissionDenied):
        enterprise_upsert(uscc=enterprise.uscc, data={"employees": 55}, actor=owner)
    with pytest.raises(PermissionDenied):
        enterprise_upsert(uscc=enterprise.uscc, data={"name": "改名公司"}, actor=owner)
    with pytest.raises(PermissionDenied):
        enterprise_set_memberships(enterprise=enterprise, chains=[], towns=None, actor=owner)
    with pytest.raises(PermissionDenied):
        enterprise_archive(enterprise=enterprise, actor=owner)
    assert Enterprise.objects.get(pk=enterprise.pk).name == "清徐老陈醋有限公司"


def test_every_write_moves_updated_at() -> None:
    enterprise = EnterpriseFactory()
    Enterprise.objects.filter(pk=enterprise.pk).update(
        updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )

    enterprise.refresh_from_db()
    enterprise_archive(enterprise=enterprise, actor=None)

    assert Enterprise.objects.get(pk=enterprise.pk).updated_at > dt.datetime(
        2020, 1, 1, tzinfo=dt.UTC
    )
