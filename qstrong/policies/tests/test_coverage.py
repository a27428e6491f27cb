"""Coverage numbers on a small fixture: exact counts, breakdowns, equality gaps, xlsx export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    enterprise_user,
    province_planner,
)
from qstrong.policies.coverage import CoverageDenied, coverage_compute, coverage_xlsx
from qstrong.policies.models import Outcome, Push
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture() -> dict[str, object]:
    """Two policies; enterprises in 清徐, 小店 (太原) and 榆次, 太谷 (晋中).

    P-1 eligible: qx_large (granted), qx_small (read), xd_micro (sent), yc_medium (sent),
                  tg_small (not pushed);
                  needs data: qx_micro (employees, revenue), tg_large (employees).
    P-2 eligible: qx_large (applied); needs data: xd_micro (certifications).
    """
    run = MatchRunFactory()
    p1, p2 = published_policy(code="P-1"), published_policy(code="P-2")
    r1, r2 = p1.rules.get(), p2.rules.get()
    e = {
        "qx_large": EnterpriseFactory(region_id="140121", scale="large"),
        "qx_small": EnterpriseFactory(region_id="140121", scale="small"),
        "qx_micro": EnterpriseFactory(region_id="140121", scale="micro"),
        "xd_micro": EnterpriseFactory(region_id="140105", scale="micro"),
        "yc_medium": EnterpriseFactory(region_id="140702", scale="medium"),
        "tg_small": EnterpriseFactory(region_id="140703", scale="small"),
        "tg_large": EnterpriseFactory(region_id="140703", scale="large"),
    }

    def eligible(rule: object, key: str, state: str | None) -> None:
        MatchResultFactory(rule=rule, enterprise=e[key], run=run)
        if state is not None:
            Push.objects.create(policy=rule.policy, enterprise=e[key], rule=rule, state=state)

    def needs(rule: object, key: str, fields: list[str]) -> None:
        MatchResultFactory(
            rule=rule, enterprise=e[key], run=run, outcome=Outcome.NEEDS_DATA, missing_fields=fields
        )

    eligible(r1, "qx_large", "granted")
    eligible(r1, "qx_small", "read")
    eligible(r1, "xd_micro", "sent")
    eligible(r1, "yc_medium", "sent")
    eligible(r1, "tg_small", None)
    needs(r1, "qx_micro", ["employees", "revenue"])
    needs(r1, "tg_large", ["employees"])
    eligible(r2, "qx_large", "applied")
    needs(r2, "xd_micro", ["certifications"])
    return {"p1": p1, "p2": p2, **e}


def test_province_sees_every_count_and_breakdown(fixture: dict[str, object]) -> None:
    coverage = coverage_compute(user=province_planner())

    assert coverage.overall.as_dict() == {
        "eligible": 6,
        "needs_data": 3,
        "pushed": 5,
        "read": 3,
        "acted": 2,
        "granted": 1,
        "declined": 0,
        "unreached": 1,
        "push_rate": 0.8333,
        "grant_rate": 0.1667,
    }
    by_policy = {
        r.key: (r.funnel.eligible, r.funnel.pushed, r.funnel.granted) for r in coverage.by_policy
    }
    assert by_policy == {"P-1": (5, 4, 1), "P-2": (1, 1, 0)}
    by_city = {r.key: (r.label, r.funnel.eligible, r.funnel.pushed) for r in coverage.by_city}
    assert by_city == {"140100": ("太原市", 4, 4), "140700": ("晋中市", 2, 1)}
    by_county = {
        r.key: (r.funnel.eligible, r.funnel.pushed, r.gap, r.lagging) for r in coverage.by_county
    }
    assert by_county == {
        "140105": (1, 1, 0.0, False),
        "140121": (3, 3, 0.0, False),
        "140702": (1, 1, 0.5, False),
        "140703": (1, 0, -0.5, True),
    }
    by_scale = {
        r.key: (r.funnel.eligible, r.funnel.needs_data, r.funnel.pushed) for r in coverage.by_scale
    }
    assert by_scale == {
        "large": (2, 1, 2),
        "medium": (1, 0, 1),
        "small": (2, 0, 1),
        "micro": (1, 2, 1),
    }
    # 平等共享: large 2/2 pushed, small and micro 2/3
    assert coverage.equality.large.push_rate == 1.0
    assert coverage.equality.small_micro.push_rate == pytest.approx(2 / 3)
    assert coverage.equality.push_gap == pytest.approx(1 / 3)
    assert [r.key for r in coverage.equality.lagging_counties] == ["140703"]
    assert coverage.missing_fields == [
        ("employees", coverage.missing_fields[0][1], 2),
        *[(f, label, 1) for f, label, _n in coverage.missing_fields[1:]],
    ]
    assert sorted(f for f, _l, _n in coverage.missing_fields) == [
        "certifications",
        "employees",
        "revenue",
    ]


def test_scoped_to_the_officer_and_filtered_by_policy(fixture: dict[str, object]) -> None:
    # a county officer in 清徐 counts 清徐 only
    qingxu = coverage_compute(user=county_officer_qingxu())
    assert (qingxu.overall.eligible, qingxu.overall.needs_data, qingxu.overall.pushed) == (3, 1, 3)
    assert [r.key for r in qingxu.by_county] == ["140121"]
    # the 太原 city officer: 清徐 and 小店, and the P-1 filter
    taiyuan = coverage_compute(user=city_officer_taiyuan(), policy=fixture["p1"])
    assert (taiyuan.overall.eligible, taiyuan.overall.needs_data) == (3, 1)
    # a region filter outside the jurisdiction finds nothing
    assert coverage_compute(user=county_officer_qingxu(), region="140703").overall.eligible == 0


def test_enterprise_users_have_no_coverage(fixture: dict[str, object]) -> None:
    with pytest.raises(CoverageDenied):
        coverage_compute(user=enterprise_user(fixture["qx_large"]))


def test_xlsx_has_one_sheet_per_breakdown_with_the_numbers(fixture: dict[str, object]) -> None:
    data = coverage_xlsx(coverage_compute(user=province_planner()))
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["总览", "按政策", "按市", "按县", "按企业规模", "待补充字段"]
    overview = workbook["总览"]
    assert [c.value for c in overview[1]][:4] == ["范围", "符合条件", "待补充信息", "已推送"]
    assert overview[1][0].font.bold
    assert [c.value for c in overview[2]][:9] == ["合计", 6, 3, 5, 3, 2, 1, 0, 1]
    assert overview["J2"].value == pytest.approx(5 / 6)
    counties = [[c.value for c in row] for row in workbook["按县"].iter_rows(min_row=2)]
    assert counties[3][:7] == ["140703", "太谷区", "晋中市", -0.5, 1, 1, 0]
    assert workbook["按县"]["D5"].number_format == "0.0%"
    missing = [[c.value for c in row] for row in workbook["待补充字段"].iter_rows(min_row=2)]
    assert missing[0][0] == "employees" and missing[0][2] == 2
