"""Registry reads: every one scoped to the user's jurisdiction."""

from __future__ import annotations

import pytest

from qstrong.accounts.tests import factories as people
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import (
    EnterpriseFilters,
    chain_list,
    chain_overview,
    enterprise_detail,
    enterprise_search,
    enterprises_editable,
    town_overview,
)
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


@pytest.fixture
def registry() -> dict[str, Enterprise]:
    return {
        "qingxu": EnterpriseFactory(
            uscc=make_uscc(1),
            name="清徐老陈醋有限公司",
            region_id="140121",
            industry_id="C1462",
            scale="small",
            tags=["time_honoured"],
            certifications=["ISO9001"],
        ),
        "taiyuan": EnterpriseFactory(
            uscc=make_uscc(2, "140105"),
            name="太原小店机械有限公司",
            region_id="140105",
            industry_id="C3444",
            scale="medium",
            tags=["high_tech"],
            certifications=["ISO90011"],
        ),
        "taigu": EnterpriseFactory(
            uscc=make_uscc(3, "140703"),
            name="广誉远中药股份有限公司",
            region_id="140703",
            industry_id="C2740",
            scale="large",
        ),
    }


def _names(qs: object) -> list[str]:
    return sorted(e.name for e in qs)  # type: ignore[attr-defined]


def test_each_persona_sees_their_jurisdiction(registry: dict[str, Enterprise]) -> None:
    everything = EnterpriseFilters()
    assert _names(enterprise_search(user=people.county_officer_qingxu(), filters=everything)) == [
        "清徐老陈醋有限公司"
    ]
    assert _names(enterprise_search(user=people.city_officer_taiyuan(), filters=everything)) == [
        "太原小店机械有限公司",
        "清徐老陈醋有限公司",
    ]
    assert len(enterprise_search(user=people.province_planner(), filters=everything)) == 3
    owner = people.enterprise_user(registry["taigu"])
    assert _names(enterprise_search(user=owner, filters=everything)) == ["广誉远中药股份有限公司"]


def test_another_countys_enterprise_does_not_exist_for_an_officer(
    registry: dict[str, Enterprise],
) -> None:
    with pytest.raises(Enterprise.DoesNotExist):
        enterprise_detail(user=people.county_officer_taigu(), pk=registry["qingxu"].pk)
    assert enterprise_detail(user=people.county_officer_qingxu(), pk=registry["qingxu"].pk)


def test_a_leader_reads_everything_but_edits_nothing(registry: dict[str, Enterprise]) -> None:
    leader = people.leader()
    assert len(enterprise_search(user=leader, filters=EnterpriseFilters())) == 3
    assert list(enterprises_editable(user=leader)) == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EnterpriseFilters(q="老陈醋"), ["清徐老陈醋有限公司"]),
        (EnterpriseFilters(q=make_uscc(2, "140105")[:12].lower()), ["太原小店机械有限公司"]),
        (EnterpriseFilters(region="140100"), ["太原小店机械有限公司", "清徐老陈醋有限公司"]),
        (EnterpriseFilters(region="140700"), ["广誉远中药股份有限公司"]),
        (EnterpriseFilters(industry="C27"), ["广誉远中药股份有限公司"]),
        (EnterpriseFilters(scale="medium"), ["太原小店机械有限公司"]),
        (EnterpriseFilters(tag="time_honoured"), ["清徐老陈醋有限公司"]),
        (EnterpriseFilters(certification="ISO9001"), ["清徐老陈醋有限公司"]),
    ],
)
def test_search_and_filters_narrow_exactly(
    registry: dict[str, Enterprise], filters: EnterpriseFilters, expected: list[str]
) -> None:
    assert _names(enterprise_search(user=people.province_planner(), filters=filters)) == expected


def test_chain_town_and_role_filters(registry: dict[str, Enterprise]) -> None:
    chain = ChainFactory(code="modern_medicine", name="现代医药")
    ChainMemberFactory(enterprise=registry["taigu"], chain=chain, role="core")
    ChainMemberFactory(enterprise=registry["qingxu"], chain=chain, role="supplier")
    town = TownFactory(code="qingxu_vinegar", name="清徐老陈醋")
    TownMemberFactory(town=town, enterprise=registry["qingxu"], is_leading=True)
    province = people.province_planner()

    by_role = enterprise_search(
        user=province, filters=EnterpriseFilters(chain="modern_medicine", role="core")
    )
    by_town = enterprise_search(user=province, filters=EnterpriseFilters(town="qingxu_vinegar"))

    assert _names(by_role) == ["广誉远中药股份有限公司"]
    assert _names(by_town) == ["清徐老陈醋有限公司"]


def test_sorting_by_employees_descending(registry: dict[str, Enterprise]) -> None:
    registry["qingxu"].employees = 10
    registry["qingxu"].save()
    registry["taigu"].employees = 900
    registry["taigu"].save()
    ordered = enterprise_search(
        user=people.province_planner(), filters=EnterpriseFilters(sort="-employees")
    )
    assert [e.employees for e in ordered] == [900, 50, 10]


def test_archived_enterprises_are_listed_only_when_asked(registry: dict[str, Enterprise]) -> None:
    from django.utils import timezone

    Enterprise.objects.filter(pk=registry["qingxu"].pk).update(archived_at=timezone.now())
    province = people.province_planner()
    assert len(enterprise_search(user=province, filters=EnterpriseFilters())) == 2
    assert _names(enterprise_search(user=province, filters=EnterpriseFilters(archived=True))) == [
        "清徐老陈醋有限公司"
    ]


def test_chain_detail_orders_segments_and_hides_other_counties(
    registry: dict[str, Enterprise],
) -> None:
    chain = ChainFactory(code="aluminium", name="铝")
    mine = SegmentFactory(chain=chain, name="矿山", position=1)
    smelting = SegmentFactory(chain=chain, name="电解铝", position=2)
    ChainMemberFactory(enterprise=registry["qingxu"], chain=chain, segment=smelting, role="leader")
    ChainMemberFactory(enterprise=registry["taigu"], chain=chain, segment=mine, role="supplier")

    _, parts = chain_overview(user=people.county_officer_qingxu(), code="aluminium")

    assert [
        (
            part.segment.name if part.segment else None,
            part.count,
            [m.enterprise.name for g in part.groups for m in g.members],
        )
        for part in parts
    ] == [("矿山", 0, []), ("电解铝", 1, ["清徐老陈醋有限公司"])]
    counts = {c.code: c.member_count for c in chain_list(user=people.county_officer_qingxu())}
    assert counts["aluminium"] == 1


def test_town_detail_lists_leading_members_first(registry: dict[str, Enterprise]) -> None:
    town = TownFactory(code="qingxu_vinegar", name="清徐老陈醋")
    other = EnterpriseFactory(uscc=make_uscc(4), name="清徐甲醋业有限公司")
    TownMemberFactory(town=town, enterprise=other, is_leading=False)
    TownMemberFactory(town=town, enterprise=registry["qingxu"], is_leading=True)

    overview = town_overview(user=people.county_officer_qingxu(), code="qingxu_vinegar")

    assert [(m.enterprise.name, m.is_leading) for m in [*overview.leading, *overview.others]] == [
        ("清徐老陈醋有限公司", True),
        ("清徐甲醋业有限公司", False),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("91140121", True),
        ("91140121mA0", True),  # lower case is normalised
        ("911401", True),
        ("91140", False),  # too short to be sure
        ("3M中国", False),
        ("ABCDEF", False),  # too few digits: may be a name in letters
        ("91140121I", False),  # I is not in the code's alphabet
        ("老陈醋", False),
    ],
)
def test_a_search_that_can_only_be_a_code(text: str, expected: bool) -> None:
    from qstrong.registry.uscc import looks_like_uscc_prefix

    assert looks_like_uscc_prefix(text) is expected


def test_a_code_search_finds_exactly_the_codes_with_that_start_and_lists_them_by_code(
    registry: dict[str, Enterprise],
) -> None:
    from qstrong.registry.forms import EnterpriseFilterForm

    # given a code prefix typed in the search box, no column chosen
    prefix = registry["qingxu"].uscc[:8].lower()
    form = EnterpriseFilterForm({"q": prefix}, user=people.province_planner())
    filters = form.filters()
    # then the list is sorted by code, and holds exactly the codes that start so
    assert filters.sort == "uscc"
    found = list(enterprise_search(user=people.province_planner(), filters=filters))
    everyone = enterprise_search(user=people.province_planner(), filters=EnterpriseFilters())
    assert found == sorted(
        (e for e in everyone if e.uscc.startswith(prefix.upper())), key=lambda e: (e.uscc, e.pk)
    )
    assert registry["qingxu"] in found
    # and a column the user chose still wins
    chosen = EnterpriseFilterForm({"q": prefix, "sort": "-name"}, user=people.province_planner())
    assert chosen.filters().sort == "-name"
