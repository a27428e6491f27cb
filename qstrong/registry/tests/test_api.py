"""The registry API: every endpoint scoped by jurisdiction, errors as structured JSON."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qstrong.accounts.models import Role
from qstrong.accounts.tests import factories as people
from qstrong.registry import schemas, selectors
from qstrong.registry.models import (
    ChainRole,
    Enterprise,
    ImportBatch,
    Scale,
    Source,
    SupplyLink,
)
from qstrong.registry.services import enterprise_upsert
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    TownMemberFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db

QINGXU_USCC = make_uscc(1)
XIAODIAN_USCC = make_uscc(2, "140105")
TAIGU_USCC = make_uscc(3, "140703")


@pytest.fixture
def registry() -> dict[str, Any]:
    """清徐 (140121) and 小店 (140105) in 太原, 太谷 (140703) in 晋中; one chain, one town."""
    qingxu = EnterpriseFactory(
        uscc=QINGXU_USCC,
        name="清徐老陈醋有限公司",
        region_id="140121",
        industry_id="C1462",
        scale="small",
        employees=120,
        tags=["time_honoured"],
        certifications=["ISO9001"],
        contact_name="王经理",
        contact_phone="13812345678",
    )
    xiaodian = EnterpriseFactory(
        uscc=XIAODIAN_USCC,
        name="太原小店机械有限公司",
        region_id="140105",
        industry_id="C3444",
        scale="medium",
        employees=400,
    )
    taigu = EnterpriseFactory(
        uscc=TAIGU_USCC,
        name="广誉远中药股份有限公司",
        region_id="140703",
        industry_id="C2740",
        scale="large",
        employees=900,
    )
    chain = ChainFactory(code="vinegar", name="醋产业链", chief="张链长")
    upstream = SegmentFactory(chain=chain, name="高粱种植", position=1, stage="upstream")
    downstream = SegmentFactory(chain=chain, name="食醋酿造", position=2, stage="downstream")
    ChainMemberFactory(chain=chain, enterprise=qingxu, segment=downstream, role="leader")
    ChainMemberFactory(chain=chain, enterprise=taigu, segment=upstream, role="supplier")
    ChainMemberFactory(chain=chain, enterprise=xiaodian, segment=None, role="backbone")
    town = TownFactory(code="qingxu-vinegar", name="清徐县孟封镇", county_id="140121")
    TownMemberFactory(town=town, enterprise=qingxu, is_leading=True)
    SupplyLink.objects.create(supplier=taigu, customer=qingxu, product="高粱")
    return {"qingxu": qingxu, "xiaodian": xiaodian, "taigu": taigu, "chain": chain, "town": town}


def client_for(user: Any = None, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def usccs(response: Any) -> list[str]:
    return [item["uscc"] for item in response.json()["items"]]


# --- who may call at all ---------------------------------------------------------------------

GET_ENDPOINTS = [
    "/api/enterprises",
    f"/api/enterprises/{QINGXU_USCC}",
    f"/api/enterprises/{QINGXU_USCC}/history",
    "/api/chains",
    "/api/chains/vinegar",
    "/api/towns",
    "/api/towns/qingxu-vinegar",
    "/api/regions",
    "/api/industries",
    "/api/imports/1",
    "/api/imports/1/report.xlsx",
]


@pytest.mark.parametrize("url", GET_ENDPOINTS)
def test_anonymous_gets_401_on_every_endpoint(registry: Any, url: str) -> None:
    # Given nobody signed in / When they call / Then 401 with a Chinese message
    response = Client().get(url)

    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录。"}


def test_anonymous_upload_gets_401_before_the_csrf_check() -> None:
    response = Client(enforce_csrf_checks=True).post("/api/imports", {"kind": "enterprises"})

    assert response.status_code == 401


def test_signed_in_post_without_csrf_token_is_refused() -> None:
    # Given a county officer whose browser does not send the CSRF token
    client = client_for(people.county_officer_qingxu(), enforce_csrf_checks=True)

    # When they upload
    response = client.post("/api/imports", {"kind": "enterprises"})

    # Then the session alone is not enough
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF 校验失败，请刷新页面后重试。"}


# --- enterprise list -------------------------------------------------------------------------


def test_county_officer_lists_only_their_county(registry: Any) -> None:
    response = client_for(people.county_officer_qingxu()).get("/api/enterprises")

    assert response.status_code == 200
    assert response.json()["total"] == 1
    assert usccs(response) == [QINGXU_USCC]


def test_officer_of_another_county_lists_only_their_county(registry: Any) -> None:
    response = client_for(people.county_officer_taigu()).get("/api/enterprises")

    assert usccs(response) == [TAIGU_USCC]


def test_officer_of_another_county_finds_nothing_of_qingxu_by_name(registry: Any) -> None:
    response = client_for(people.county_officer_taigu()).get(
        "/api/enterprises", {"q": "清徐老陈醋"}
    )

    assert response.json() == {"total": 0, "limit": 50, "offset": 0, "items": []}


def test_city_officer_lists_the_counties_of_the_city(registry: Any) -> None:
    response = client_for(people.city_officer_taiyuan()).get("/api/enterprises")

    assert response.json()["total"] == 2
    assert sorted(usccs(response)) == sorted([QINGXU_USCC, XIAODIAN_USCC])


def test_province_lists_everything(registry: Any) -> None:
    response = client_for(people.province_planner()).get("/api/enterprises", {"sort": "uscc"})

    assert usccs(response) == sorted([QINGXU_USCC, XIAODIAN_USCC, TAIGU_USCC])


def test_enterprise_user_lists_only_its_own_record(registry: Any) -> None:
    response = client_for(people.enterprise_user(registry["qingxu"])).get("/api/enterprises")

    assert usccs(response) == [QINGXU_USCC]


def test_list_row_has_exact_values(registry: Any) -> None:
    response = client_for(people.county_officer_qingxu()).get("/api/enterprises")

    assert response.json()["items"][0] == {
        "uscc": QINGXU_USCC,
        "name": "清徐老陈醋有限公司",
        "region": {"code": "140121", "name": "清徐县"},
        "city": {"code": "140100", "name": "太原市"},
        "industry": {"code": "C1462", "name": "酱油、食醋及类似制品制造"},
        "scale": "small",
        "scale_label": "小型",
        "employees": 120,
        "revenue": "1200.00",
        "source": "manual",
        "archived": False,
    }


def test_filters_sort_and_pagination(registry: Any) -> None:
    client = client_for(people.province_planner())

    by_employees = client.get("/api/enterprises", {"sort": "-employees", "limit": 2})
    second_page = client.get("/api/enterprises", {"sort": "-employees", "limit": 2, "offset": 2})
    in_taiyuan = client.get("/api/enterprises", {"region": "140100", "sort": "name"})
    large = client.get("/api/enterprises", {"scale": "large"})
    leaders = client.get("/api/enterprises", {"chain": "vinegar", "role": "leader"})
    in_town = client.get("/api/enterprises", {"town": "qingxu-vinegar"})
    certified = client.get("/api/enterprises", {"certification": "ISO9001"})
    by_code = client.get("/api/enterprises", {"q": TAIGU_USCC[:12]})

    assert by_employees.json()["total"] == 3
    assert usccs(by_employees) == [TAIGU_USCC, XIAODIAN_USCC]
    assert second_page.json()["offset"] == 2
    assert usccs(second_page) == [QINGXU_USCC]
    assert usccs(in_taiyuan) == [XIAODIAN_USCC, QINGXU_USCC]
    assert usccs(large) == [TAIGU_USCC]
    assert usccs(leaders) == [QINGXU_USCC]
    assert usccs(in_town) == [QINGXU_USCC]
    assert usccs(certified) == [QINGXU_USCC]
    assert usccs(by_code) == [TAIGU_USCC]


def test_archived_enterprises_only_when_asked(registry: Any) -> None:
    Enterprise.objects.filter(pk=registry["xiaodian"].pk).update(
        archived_at=dt.datetime.now(dt.UTC)
    )
    client = client_for(people.city_officer_taiyuan())

    assert usccs(client.get("/api/enterprises")) == [QINGXU_USCC]
    assert usccs(client.get("/api/enterprises", {"archived": "true"})) == [XIAODIAN_USCC]


def test_query_choices_match_the_models() -> None:
    assert set(schemas.SortKey.__args__) == set(selectors.SORTABLE)
    assert set(schemas.ScaleFilter.__args__) == {"", *Scale.values}
    assert set(schemas.ChainRoleFilter.__args__) == {"", *ChainRole.values}
    assert set(schemas.SourceFilter.__args__) == {"", *Source.values}
    assert set(schemas.ImportKind.__args__) == set(ImportBatch.Kind.values)


# --- validation errors -----------------------------------------------------------------------


def test_validation_errors_are_structured_json_in_chinese(registry: Any) -> None:
    client = client_for(people.county_officer_qingxu())

    response = client.get("/api/enterprises", {"limit": "0", "sort": "bogus", "region": "14"})

    assert response.status_code == 422
    assert response["Content-Language"] == "zh-hans"
    assert response.json() == {
        "detail": [
            {"loc": ["query", "region"], "msg": "格式不正确。", "type": "string_pattern_mismatch"},
            {
                "loc": ["query", "sort"],
                "msg": "取值应为以下之一："
                "'name', '-name', 'uscc', '-uscc', 'region', '-region', 'industry', "
                "'-industry', 'employees', '-employees', 'revenue', '-revenue', "
                "'established', '-established', 'updated', '-updated'。",
                "type": "literal_error",
            },
            {"loc": ["query", "limit"], "msg": "不能小于 1。", "type": "greater_than_equal"},
        ]
    }


def test_non_integer_offset_is_explained(registry: Any) -> None:
    response = client_for(people.county_officer_qingxu()).get("/api/enterprises", {"offset": "x"})

    assert response.json()["detail"] == [
        {"loc": ["query", "offset"], "msg": "请输入整数。", "type": "int_parsing"}
    ]


def test_validation_errors_in_english_with_accept_language(registry: Any) -> None:
    client = client_for(people.county_officer_qingxu())

    response = client.get("/api/enterprises", {"limit": "0"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert response["Content-Language"] == "en"
    assert response.json()["detail"] == [
        {
            "loc": ["query", "limit"],
            "msg": "Input should be greater than or equal to 1",
            "type": "greater_than_equal",
        }
    ]


def test_validation_errors_in_english_with_the_language_cookie(registry: Any) -> None:
    client = client_for(people.county_officer_qingxu())
    client.cookies["django_language"] = "en"

    response = client.get("/api/enterprises", {"limit": "0"})

    assert response.json()["detail"][0]["msg"] == "Input should be greater than or equal to 1"


def test_the_users_own_choice_wins_over_accept_language(registry: Any) -> None:
    client = client_for(people.county_officer_qingxu())
    session = client.session
    session["qstrong_language"] = "zh-hans"
    session.save()

    response = client.get("/api/enterprises", {"limit": "0"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["detail"][0]["msg"] == "不能小于 1。"


def test_django_validation_error_becomes_422(registry: Any, monkeypatch: Any) -> None:
    def refuse(**kwargs: Any) -> None:
        raise DjangoValidationError({"code": ["产业链代码无效。"], "__all__": ["整体无效。"]})

    monkeypatch.setattr(selectors, "chain_list", refuse)

    response = client_for(people.province_planner()).get("/api/chains")

    assert response.status_code == 409
    assert response.json() == {
        "detail": [
            {"loc": ["code"], "msg": "产业链代码无效。", "type": "value_error"},
            {"loc": [], "msg": "整体无效。", "type": "value_error"},
        ]
    }


def test_permission_denied_is_403_and_a_bug_is_json_500(registry: Any, monkeypatch: Any) -> None:
    client = client_for(people.province_planner())

    def deny(**kwargs: Any) -> None:
        raise PermissionDenied("internal reason")

    def crash(**kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "chain_list", deny)
    denied = client.get("/api/chains")
    monkeypatch.setattr(selectors, "town_list", crash)
    crashed = client.get("/api/towns")

    assert (denied.status_code, denied.json()) == (403, {"detail": "无权执行此操作。"})
    assert (crashed.status_code, crashed.json()) == (
        500,
        {"detail": "服务器内部错误，请稍后重试。"},
    )


# --- enterprise detail and history -----------------------------------------------------------


def test_county_officer_reads_an_enterprise_of_their_county(registry: Any) -> None:
    response = client_for(people.county_officer_qingxu()).get(f"/api/enterprises/{QINGXU_USCC}")

    body = response.json()
    assert response.status_code == 200
    assert body["uscc"] == QINGXU_USCC
    assert body["contact_phone"] == "13812345678"
    assert body["contact_masked"] is False
    assert body["tags"] == ["time_honoured"]
    assert body["chains"] == [
        {
            "chain": {"code": "vinegar", "name": "醋产业链"},
            "role": "leader",
            "role_label": "链主",
            "segment": "食醋酿造",
        }
    ]
    assert body["towns"] == [
        {"town": {"code": "qingxu-vinegar", "name": "清徐县孟封镇"}, "is_leading": True}
    ]
    assert body["supplied_by"] == [
        {"enterprise": {"uscc": TAIGU_USCC, "name": "广誉远中药股份有限公司"}, "product": "高粱"}
    ]
    assert body["supplies"] == []


def test_lower_case_uscc_finds_the_enterprise(registry: Any) -> None:
    response = client_for(people.county_officer_qingxu()).get(
        f"/api/enterprises/{QINGXU_USCC.lower()}"
    )

    assert response.status_code == 200


@pytest.mark.parametrize("suffix", ["", "/history"])
def test_officer_of_another_county_gets_404(registry: Any, suffix: str) -> None:
    # Given an officer of 太谷 and an enterprise in 清徐
    client = client_for(people.county_officer_taigu())

    # When they ask for it
    response = client.get(f"/api/enterprises/{QINGXU_USCC}{suffix}")

    # Then it does not exist for them
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


@pytest.mark.parametrize("suffix", ["", "/history"])
def test_enterprise_user_reads_only_its_own_record(registry: Any, suffix: str) -> None:
    client = client_for(people.enterprise_user(registry["qingxu"]))

    assert client.get(f"/api/enterprises/{QINGXU_USCC}{suffix}").status_code == 200
    assert client.get(f"/api/enterprises/{TAIGU_USCC}{suffix}").status_code == 404


def test_city_officer_reads_the_counties_of_the_city_only(registry: Any) -> None:
    client = client_for(people.city_officer_taiyuan())

    assert client.get(f"/api/enterprises/{QINGXU_USCC}").status_code == 200
    assert client.get(f"/api/enterprises/{XIAODIAN_USCC}").status_code == 200
    assert client.get(f"/api/enterprises/{TAIGU_USCC}").status_code == 404


def test_not_found_in_english(registry: Any) -> None:
    client = client_for(people.county_officer_taigu())

    response = client.get(f"/api/enterprises/{QINGXU_USCC}", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_unknown_uscc_is_404(registry: Any) -> None:
    response = client_for(people.province_planner()).get(f"/api/enterprises/{make_uscc(99)}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "phone", "masked"),
    [
        ("county_officer_qingxu", "13812345678", False),
        ("city_officer_taiyuan", "13812345678", False),
        ("province_planner", "13812345678", False),
        ("leader", "138****5678", True),
        ("enterprise", "13812345678", False),
    ],
)
def test_contact_phone_masked_for_who_need_not_see_it(
    registry: Any, persona: str, phone: str, masked: bool
) -> None:
    user = (
        people.enterprise_user(registry["qingxu"])
        if persona == "enterprise"
        else getattr(people, persona)()
    )

    body = client_for(user).get(f"/api/enterprises/{QINGXU_USCC}").json()

    assert (body["contact_phone"], body["contact_masked"]) == (phone, masked)


def test_history_lists_audited_changes_and_masks_the_phone_for_a_leader(registry: Any) -> None:
    # Given an officer of 清徐 who changed the enterprise's employees and phone
    officer = people.county_officer_qingxu()
    enterprise_upsert(
        uscc=QINGXU_USCC,
        data={"employees": 130, "contact_phone": "13900001111"},
        actor=officer,
    )

    # When the officer and a leader read its history
    own = client_for(officer).get(f"/api/enterprises/{QINGXU_USCC}/history").json()
    lead = client_for(people.leader()).get(f"/api/enterprises/{QINGXU_USCC}/history").json()

    # Then both see the change; the leader sees the numbers masked
    assert len(own) == 1
    assert own[0]["action"] == "update"
    assert own[0]["action_label"] == "修改"
    assert own[0]["actor"] == officer.display_name
    assert own[0]["changes"] == {
        "employees": [120, 130],
        "contact_phone": ["13812345678", "13900001111"],
    }
    assert lead[0]["changes"]["contact_phone"] == ["138****5678", "139****1111"]
    assert lead[0]["changes"]["employees"] == [120, 130]


# --- chains and towns ------------------------------------------------------------------------


def test_chain_detail_has_segments_in_order_with_members_and_roles(registry: Any) -> None:
    response = client_for(people.province_planner()).get("/api/chains/vinegar")

    assert response.status_code == 200
    assert response.json() == {
        "code": "vinegar",
        "name": "醋产业链",
        "chief": "张链长",
        "description": "",
        "segments": [
            {
                "name": "高粱种植",
                "position": 1,
                "stage": "upstream",
                "stage_label": "上游",
                "member_count": 1,
                "members": [
                    {
                        "enterprise": {"uscc": TAIGU_USCC, "name": "广誉远中药股份有限公司"},
                        "region": {"code": "140703", "name": "太谷区"},
                        "role": "supplier",
                        "role_label": "配套",
                    }
                ],
            },
            {
                "name": "食醋酿造",
                "position": 2,
                "stage": "downstream",
                "stage_label": "下游",
                "member_count": 1,
                "members": [
                    {
                        "enterprise": {"uscc": QINGXU_USCC, "name": "清徐老陈醋有限公司"},
                        "region": {"code": "140121", "name": "清徐县"},
                        "role": "leader",
                        "role_label": "链主",
                    }
                ],
            },
        ],
        "unassigned": [
            {
                "enterprise": {"uscc": XIAODIAN_USCC, "name": "太原小店机械有限公司"},
                "region": {"code": "140105", "name": "小店区"},
                "role": "backbone",
                "role_label": "骨干",
            }
        ],
        "unassigned_count": 1,
    }


def test_officer_of_another_county_sees_the_chain_without_qingxu_members(registry: Any) -> None:
    client = client_for(people.county_officer_taigu())

    detail = client.get("/api/chains/vinegar").json()
    listing = client.get("/api/chains").json()

    members = [m["enterprise"]["uscc"] for s in detail["segments"] for m in s["members"]]
    assert members == [TAIGU_USCC]
    assert detail["unassigned"] == []
    assert [(c["code"], c["member_count"], c["segment_count"]) for c in listing] == [
        ("vinegar", 1, 2)
    ]


def test_city_officer_counts_the_chain_members_of_the_city(registry: Any) -> None:
    listing = client_for(people.city_officer_taiyuan()).get("/api/chains").json()

    assert listing == [
        {
            "code": "vinegar",
            "name": "醋产业链",
            "chief": "张链长",
            "member_count": 2,
            "segment_count": 2,
        }
    ]


def test_unknown_chain_and_town_are_404(registry: Any) -> None:
    client = client_for(people.province_planner())

    assert client.get("/api/chains/nope").status_code == 404
    assert client.get("/api/towns/nope").status_code == 404


def test_town_detail_and_list(registry: Any) -> None:
    client = client_for(people.county_officer_qingxu())

    detail = client.get("/api/towns/qingxu-vinegar").json()
    listing = client.get("/api/towns").json()

    assert detail == {
        "code": "qingxu-vinegar",
        "name": "清徐县孟封镇",
        "county": {"code": "140121", "name": "清徐县"},
        "city": {"code": "140100", "name": "太原市"},
        "level": "provincial",
        "level_label": "省级",
        "leading_industry": "",
        "industry": None,
        "batch": None,
        "is_key": False,
        "member_count": 1,
        "leading_count": 1,
        "members": [
            {
                "enterprise": {"uscc": QINGXU_USCC, "name": "清徐老陈醋有限公司"},
                "region": {"code": "140121", "name": "清徐县"},
                "is_leading": True,
            }
        ],
    }
    assert [(t["code"], t["member_count"]) for t in listing] == [("qingxu-vinegar", 1)]


def test_officer_of_another_county_sees_no_members_of_a_qingxu_town(registry: Any) -> None:
    client = client_for(people.county_officer_taigu())

    detail = client.get("/api/towns/qingxu-vinegar").json()
    listing = client.get("/api/towns").json()

    assert (detail["member_count"], detail["members"]) == (0, [])
    assert [(t["code"], t["member_count"]) for t in listing] == [("qingxu-vinegar", 0)]


def test_chain_and_town_details_list_the_first_members_and_count_them_all(registry: Any) -> None:
    # given a chain segment and a town with 23 ordinary members and one leading
    from qstrong.registry.selectors import MEMBERS_SHOWN
    from qstrong.registry.tests.factories import (
        ChainFactory,
        ChainMemberFactory,
        EnterpriseFactory,
        SegmentFactory,
        TownFactory,
        TownMemberFactory,
    )

    chain = ChainFactory(code="big", name="大链")
    segment = SegmentFactory(chain=chain, name="环节", position=1)
    town = TownFactory(code="big-town", name="大镇", county_id="140121")
    TownMemberFactory(town=town, enterprise=registry["qingxu"], is_leading=True)
    for n in range(MEMBERS_SHOWN + 3):
        enterprise = EnterpriseFactory(region_id="140121", name=f"成员{n:02d}有限公司")
        ChainMemberFactory(chain=chain, segment=segment, enterprise=enterprise, role="supplier")
        TownMemberFactory(town=town, enterprise=enterprise, is_leading=False)
    client = client_for(people.province_planner())
    # when the API client reads the details
    chain_detail = client.get("/api/chains/big").json()
    town_detail = client.get("/api/towns/big-town").json()
    # then the first 20 of each role by name are listed, and every member counted
    (part,) = chain_detail["segments"]
    assert part["member_count"] == MEMBERS_SHOWN + 3
    assert [m["enterprise"]["name"] for m in part["members"]] == [
        f"成员{n:02d}有限公司" for n in range(MEMBERS_SHOWN)
    ]
    assert (town_detail["member_count"], town_detail["leading_count"]) == (MEMBERS_SHOWN + 4, 1)
    assert [m["is_leading"] for m in town_detail["members"]] == [True] + [False] * MEMBERS_SHOWN
    # and the rest are the enterprise list's, filtered by the chain
    listed = client.get("/api/enterprises", {"chain": "big", "limit": 100}).json()
    assert listed["total"] == MEMBERS_SHOWN + 3


# --- reference codes -------------------------------------------------------------------------


def test_regions_by_parent_and_level() -> None:
    client = client_for(people.county_officer_taigu())

    cities = client.get("/api/regions", {"parent": "140000", "level": "city"}).json()
    jinzhong = client.get("/api/regions", {"parent": "140700"}).json()

    assert len(cities) == 11
    assert cities[0] == {"code": "140100", "name": "太原市", "level": "city", "parent": "140000"}
    assert {"code": "140703", "name": "太谷区", "level": "county", "parent": "140700"} in jinzhong


def test_reference_codes_are_the_same_for_every_signed_in_user() -> None:
    # Regions and industries are national standards, not enterprise data: not scoped.
    taigu = client_for(people.county_officer_taigu()).get("/api/regions", {"parent": "140100"})
    qingxu = client_for(people.county_officer_qingxu()).get("/api/regions", {"parent": "140100"})

    assert taigu.json() == qingxu.json()
    assert {
        "code": "140121",
        "name": "清徐县",
        "level": "county",
        "parent": "140100",
    } in qingxu.json()


def test_industries_by_parent_and_level() -> None:
    client = client_for(people.county_officer_qingxu())

    sections = client.get("/api/industries", {"level": "section"}).json()
    in_c14 = client.get("/api/industries", {"parent": "c14"}).json()
    bad = client.get("/api/industries", {"level": "sector"})

    assert len(sections) == 20
    assert sections[0] == {
        "code": "A",
        "name": "农、林、牧、渔业",
        "level": "section",
        "parent": None,
    }
    assert {
        "code": "C146",
        "name": "调味品、发酵制品制造",
        "level": "group",
        "parent": "C14",
    } in in_c14
    assert bad.status_code == 422


# --- OpenAPI ---------------------------------------------------------------------------------


def test_openapi_schema_lists_the_registry_endpoints() -> None:
    response = Client().get("/api/openapi.json")

    paths = response.json()["paths"]
    assert response.status_code == 200
    # Other apps mount their routers under their own prefix (/api/policies/, /api/quality/ …).
    registry_paths = {
        path
        for path in paths
        if path.count("/") >= 2
        and not any(
            path.startswith(f"/api/{app}/")
            for app in (
                "policies",
                "pushes",
                "portal",
                "casework",
                "quality",
                "foodsafety",
                "insights",
                "nqi",
                "handbooks",
                "changes",
            )
        )
    }
    assert registry_paths == {
        "/api/enterprises",
        "/api/enterprises/{uscc}",
        "/api/enterprises/{uscc}/history",
        "/api/chains",
        "/api/chains/{code}",
        "/api/towns",
        "/api/towns/{code}",
        "/api/regions",
        "/api/industries",
        "/api/imports",
        "/api/imports/{batch_id}",
        "/api/imports/{batch_id}/report.xlsx",
        "/api/jobs/{job_id}",
    }
    assert set(paths["/api/imports"]) == {"post"}


def test_docs_page_needs_no_cdn() -> None:
    response = Client().get("/api/docs")

    assert b"cdn.jsdelivr.net" not in response.content


def test_docs_page_renders_under_the_same_csp() -> None:
    response = Client().get("/api/docs")

    assert response.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


# --- imports ---------------------------------------------------------------------------------


def batch_by(user: Any, **fields: Any) -> ImportBatch:
    return ImportBatch.objects.create(
        kind="enterprises",
        filename="企业名单.xlsx",
        sha256="0" * 64,
        created_by=user,
        state=ImportBatch.State.REJECTED,
        total_rows=3,
        rejected_count=1,
        errors=[{"row": 3, "column": "uscc", "value": "91", "message": "校验位错误"}],
        warnings=[{"column": "备注", "message": "未知列，已忽略"}],
        **fields,
    )


def upload(name: str = "企业名单.csv", content: bytes = b"uscc,name\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.parametrize("persona", ["leader", "enterprise"])
def test_read_only_roles_and_enterprise_users_may_not_import(registry: Any, persona: str) -> None:
    user = (
        people.enterprise_user(registry["qingxu"]) if persona == "enterprise" else people.leader()
    )

    response = client_for(user).post("/api/imports", {"kind": "enterprises", "file": upload()})

    assert response.status_code == 403
    assert response.json() == {"detail": "无权执行此操作。"}


def test_upload_without_file_or_with_unknown_kind_is_422() -> None:
    client = client_for(people.county_officer_qingxu())

    response = client.post("/api/imports", {"kind": "people"})

    assert response.status_code == 422
    assert {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]} == {
        ("file", "file"): "此字段为必填项。",
        ("form", "kind"): "取值应为以下之一：'enterprises', 'chains', 'towns', 'industries'。",
    }


def test_the_creators_organisation_reads_the_batch() -> None:
    # Given a batch uploaded by one officer of 清徐
    creator = people.county_officer_qingxu()
    colleague = people.UserFactory(username="qingxu2", organisation=creator.organisation)
    batch = batch_by(creator)

    # When a colleague of the same bureau reads it
    response = client_for(colleague).get(f"/api/imports/{batch.pk}")

    # Then they see its state, counts, errors and warnings
    body = response.json()
    assert response.status_code == 200
    assert (body["state"], body["state_label"]) == ("rejected", "已拒绝")
    assert (body["total_rows"], body["rejected_count"], body["error_count"]) == (3, 1, 1)
    assert body["errors"] == [{"row": 3, "column": "uscc", "value": "91", "message": "校验位错误"}]
    assert body["warnings"] == [{"column": "备注", "message": "未知列，已忽略"}]


def test_an_import_batch_of_another_county_is_404() -> None:
    batch = batch_by(people.county_officer_qingxu())

    response = client_for(people.county_officer_taigu()).get(f"/api/imports/{batch.pk}")
    report = client_for(people.county_officer_taigu()).get(f"/api/imports/{batch.pk}/report.xlsx")

    assert (response.status_code, response.json()) == (404, {"detail": "未找到。"})
    assert report.status_code == 404


def test_the_province_and_the_administrator_read_every_batch() -> None:
    batch = batch_by(people.county_officer_qingxu())
    admin = people.UserFactory(username="sysadmin", organisation=None, role=Role.ADMIN)

    assert client_for(people.province_planner()).get(f"/api/imports/{batch.pk}").status_code == 200
    assert client_for(admin).get(f"/api/imports/{batch.pk}").status_code == 200
    assert (
        client_for(people.city_officer_taiyuan()).get(f"/api/imports/{batch.pk}").status_code == 404
    )


GOOD_CSV = (
    f"统一社会信用代码,企业名称,行政区划代码\n{make_uscc(501)},清徐新建食品有限公司,140121\n"
).encode()


def test_a_county_officer_imports_a_file_and_follows_the_job(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Given a county officer of 清徐 with a file of one new enterprise of 清徐
    officer = people.county_officer_qingxu()
    client = client_for(officer)

    # When they upload it (the task runs when the request's transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/imports", {"kind": "enterprises", "file": upload(content=GOOD_CSV)}
        )

    # Then the batch keeps the file, the job succeeded and the enterprise exists
    assert response.status_code == 201
    body = response.json()
    batch = ImportBatch.objects.get(pk=body["batch_id"])
    assert str(batch.job_id) == body["job_id"]
    assert batch.created_by == officer
    assert batch.filename == "企业名单.csv"
    assert batch.file.read() == GOOD_CSV
    read = client.get(f"/api/imports/{batch.pk}").json()
    assert (read["state"], read["total_rows"], read["created_count"]) == ("committed", 1, 1)
    assert client.get(f"/api/jobs/{body['job_id']}").json()["state"] == "succeeded"
    assert Enterprise.objects.get(uscc=make_uscc(501)).name == "清徐新建食品有限公司"


def test_a_dry_run_writes_nothing_and_the_report_downloads(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(people.county_officer_qingxu())
    bad = GOOD_CSV + f"{make_uscc(502)[:-1]}X,坏码公司,140121\n".encode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/imports",
            {"kind": "enterprises", "file": upload(content=bad), "dry_run": "true"},
        )
    batch_id = response.json()["batch_id"]
    read = client.get(f"/api/imports/{batch_id}").json()
    report = client.get(f"/api/imports/{batch_id}/report.xlsx")

    assert response.status_code == 201
    assert not Enterprise.objects.filter(uscc=make_uscc(501)).exists()
    assert (read["state"], read["error_count"]) == ("rejected", 1)
    assert read["errors"][0]["row"] == 3
    assert read["errors"][0]["column"] == "统一社会信用代码"
    assert report.status_code == 200
    assert report["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert report.content[:2] == b"PK"
