"""POST /api/enterprises and PATCH /api/enterprises/{uscc}: scoped, validated, audited."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent
from qstrong.registry.models import ChainMember, Enterprise, TownMember
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db

QINGXU_USCC = make_uscc(1)
TAIGU_USCC = make_uscc(2, "140703")
NEW_USCC = make_uscc(77)
WRONG_CHECK = NEW_USCC[:-1] + ("0" if NEW_USCC[-1] != "0" else "1")


@pytest.fixture
def registry() -> dict[str, Any]:
    chain = ChainFactory(code="vinegar", name="醋产业链")
    brewing = SegmentFactory(chain=chain, name="食醋酿造", position=1)
    TownFactory(code="mengfeng", name="清徐县孟封镇", county_id="140121")
    qingxu = EnterpriseFactory(
        uscc=QINGXU_USCC,
        name="清徐老陈醋有限公司",
        industry_id="C1462",
        employees=50,
        revenue=Decimal("1200.00"),
        scale="small",
        contact_name="王经理",
        contact_phone="13812345678",
    )
    ChainMemberFactory(enterprise=qingxu, chain=chain, role="supplier", segment=brewing)
    taigu = EnterpriseFactory(uscc=TAIGU_USCC, name="广誉远中药股份有限公司", region_id="140703")
    return {"qingxu": qingxu, "taigu": taigu, "brewing": brewing}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/enterprises", json.dumps(body), content_type="application/json")


def patch(client: Client, uscc: str, body: dict[str, Any]) -> Any:
    return client.patch(
        f"/api/enterprises/{uscc}", json.dumps(body), content_type="application/json"
    )


def written() -> tuple[int, int, int, int]:
    return (
        Enterprise.objects.count(),
        AuditEvent.objects.count(),
        ChainMember.objects.count(),
        TownMember.objects.count(),
    )


NEW = {
    "uscc": NEW_USCC,
    "name": "清徐新醋业有限公司",
    "region": "140121",
    "industry": "C1462",
    "established": "2019-06-30",
    "employees": 120,
    "revenue": "3000",
    "certifications": ["ISO 9001", "GB/T 19001-2016"],
    "tags": ["专精特新"],
    "chains": [{"chain": "醋产业链", "role": "core", "segment": "食醋酿造"}],
    "towns": [{"town": "mengfeng", "is_leading": True}],
}


# --- create ----------------------------------------------------------------------------------


def test_an_officer_creates_an_enterprise(registry: dict[str, Any]) -> None:
    officer = people.county_officer_qingxu()

    response = post(client_for(officer), NEW)

    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in ("uscc", "name", "employees", "scale", "scale_derived")} == {
        "uscc": NEW_USCC,
        "name": "清徐新醋业有限公司",
        "employees": 120,
        "scale": "small",
        "scale_derived": True,
    }
    assert body["region"] == {"code": "140121", "name": "清徐县"}
    assert (body["certifications"], body["tags"]) == (["ISO9001"], ["specialised_sme"])
    assert body["chains"] == [
        {
            "chain": {"code": "vinegar", "name": "醋产业链"},
            "role": "core",
            "role_label": "链核",
            "segment": "食醋酿造",
        }
    ]
    assert body["towns"] == [
        {"town": {"code": "mengfeng", "name": "清徐县孟封镇"}, "is_leading": True}
    ]
    enterprise = Enterprise.objects.get(uscc=NEW_USCC)
    assert [
        e.action for e in AuditEvent.objects.filter(object_id=str(enterprise.pk)).order_by("id")
    ] == ["create", "update"]


@pytest.mark.parametrize(
    ("changes", "loc", "msg"),
    [
        (
            {"uscc": WRONG_CHECK},
            ["body", "payload", "uscc"],
            f"统一社会信用代码校验位错误（应为 {NEW_USCC[-1]}）",
        ),
        ({"uscc": QINGXU_USCC}, ["body", "payload", "uscc"], "已有企业使用这个统一社会信用代码。"),
        ({"employees": -5}, ["body", "payload", "employees"], "不能小于 0。"),
        ({"revenue": "-0.5"}, ["body", "payload", "revenue"], "不能小于 0。"),
        (
            {"industry": "C9999"},
            ["body", "payload", "industry"],
            "未知的国民经济行业代码（GB/T 4754-2017）",
        ),
        ({"region": "140703"}, ["body", "payload", "region"], "不在您的辖区"),
        (
            {"region": "140100"},
            ["body", "payload", "region"],
            "行政区划代码须为县级（区、县、县级市）代码，不能是省级或地级代码",
        ),
        (
            {"chains": [{"chain": "不存在的链"}]},
            ["body", "payload", "chains", 0, "chain"],
            "未知的产业链“不存在的链”",
        ),
        (
            {"chains": [{"chain": "vinegar", "segment": "种植"}]},
            ["body", "payload", "chains", 0, "segment"],
            "产业链“醋产业链”没有环节“种植”",
        ),
    ],
)
def test_a_bad_value_is_refused_naming_the_field_and_nothing_is_written(
    registry: dict[str, Any], changes: dict[str, Any], loc: list[Any], msg: str
) -> None:
    before = written()

    response = post(client_for(people.county_officer_qingxu()), {**NEW, **changes})

    # A bound in the document is 422; what only the registry knows (codes, duplicates) is 409.
    assert response.status_code == (422 if msg == "不能小于 0。" else 409)
    assert [(e["loc"], e["msg"]) for e in response.json()["detail"]] == [(loc, msg)]
    assert written() == before


def test_every_problem_is_reported_at_once_in_english_on_request(
    registry: dict[str, Any],
) -> None:
    client = client_for(people.county_officer_qingxu())

    response = client.post(
        "/api/enterprises",
        json.dumps({**NEW, "uscc": WRONG_CHECK, "industry": "T9999", "region": "140703"}),
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 409, response.content.decode()
    assert {e["loc"][-1]: e["msg"] for e in response.json()["detail"]} == {
        "region": "Outside your jurisdiction",
        "industry": "Unknown industry code (GB/T 4754-2017)",
        "uscc": (
            f"Wrong check character in the unified social credit code (expected {NEW_USCC[-1]})"
        ),
    }


def test_a_leader_and_an_enterprise_user_may_not_create(registry: dict[str, Any]) -> None:
    assert post(client_for(people.leader()), NEW).status_code == 403
    assert post(client_for(people.enterprise_user(registry["qingxu"])), NEW).status_code == 403
    assert not Enterprise.objects.filter(uscc=NEW_USCC).exists()


# --- update ----------------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields_and_audits_before_and_after(
    registry: dict[str, Any],
) -> None:
    officer = people.county_officer_qingxu()

    response = patch(
        client_for(officer),
        QINGXU_USCC,
        {"employees": 350, "revenue": "5000", "credit_rating": "A", "contact_name": None},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["employees"], body["revenue"], body["scale"], body["credit_rating"]) == (
        350,
        "5000.00",
        "small",  # given by hand earlier, so not derived
        "A",
    )
    assert body["contact_name"] == ""
    assert body["chains"][0]["role"] == "supplier"  # memberships not given: unchanged
    event = AuditEvent.objects.filter(object_id=str(registry["qingxu"].pk)).latest("id")
    assert (event.action, event.actor_id, event.changes) == (
        "update",
        officer.pk,
        {
            "employees": [50, 350],
            "revenue": ["1200", "5000"],
            "credit_rating": ["", "A"],
            "contact_name": ["王经理", ""],
        },
    )


def test_patch_replaces_the_memberships(registry: dict[str, Any]) -> None:
    response = patch(
        client_for(people.county_officer_qingxu()),
        QINGXU_USCC,
        {"chains": [{"chain": "vinegar", "role": "leader"}], "towns": [{"town": "清徐县孟封镇"}]},
    )

    assert response.status_code == 200
    qingxu = registry["qingxu"]
    assert list(qingxu.chain_memberships.values_list("chain__code", "role", "segment")) == [
        ("vinegar", "leader", None)
    ]
    assert list(qingxu.town_memberships.values_list("town__code", "is_leading")) == [
        ("mengfeng", False)
    ]


def test_patch_rejects_unknown_and_key_fields(registry: dict[str, Any]) -> None:
    response = patch(client_for(people.county_officer_qingxu()), QINGXU_USCC, {"uscc": NEW_USCC})

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "payload", "uscc"]]


def test_patch_with_a_negative_number_writes_nothing(registry: dict[str, Any]) -> None:
    before = written()

    response = patch(
        client_for(people.county_officer_qingxu()), QINGXU_USCC, {"patents": -1, "name": "改名"}
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "payload", "patents"], "msg": "不能小于 0。", "type": "greater_than_equal"}
    ]
    assert written() == before


def test_an_officer_of_another_county_gets_404(registry: dict[str, Any]) -> None:
    response = patch(client_for(people.county_officer_taigu()), QINGXU_USCC, {"employees": 1})

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}
    registry["qingxu"].refresh_from_db()
    assert registry["qingxu"].employees == 50


def test_an_officer_cannot_move_an_enterprise_out_of_the_jurisdiction(
    registry: dict[str, Any],
) -> None:
    response = patch(client_for(people.county_officer_qingxu()), QINGXU_USCC, {"region": "140703"})

    assert response.status_code == 409
    assert response.json()["detail"][0]["msg"] == "不在您的辖区"


def test_a_leader_gets_403(registry: dict[str, Any]) -> None:
    response = patch(client_for(people.leader()), QINGXU_USCC, {"employees": 1})

    assert response.status_code == 403
    assert response.json() == {"detail": "无权执行此操作。"}


def test_an_enterprise_user_patches_its_contact_but_not_its_region(
    registry: dict[str, Any],
) -> None:
    qingxu = registry["qingxu"]
    client = client_for(people.enterprise_user(qingxu))

    refused = patch(client, QINGXU_USCC, {"region": "140703", "contact_name": "赵会计"})
    accepted = patch(client, QINGXU_USCC, {"contact_name": "赵会计"})
    other = patch(client, TAIGU_USCC, {"contact_name": "赵会计"})

    assert refused.status_code == 403
    assert refused.json() == {"detail": "企业用户不能修改这些字段：region"}
    assert accepted.status_code == 200
    assert other.status_code == 404
    qingxu.refresh_from_db()
    assert (qingxu.region_id, qingxu.contact_name) == ("140121", "赵会计")
