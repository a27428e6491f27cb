"""Coverage within a period: pushes counted by when they moved, results by when matched."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qstrong.accounts.tests.factories import (
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    province_planner,
)
from qstrong.policies.coverage import CoverageDenied, coverage_compute, coverage_months
from qstrong.policies.models import Outcome, Push
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

JAN = (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
FEB = (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
Q1 = (dt.date(2024, 1, 1), dt.date(2024, 3, 31))


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, month, day, hour))


@pytest.fixture
def history() -> dict[str, object]:
    """One policy; enterprises in 清徐 (140121) and 太谷 (140703), matched and pushed over Q1 2024.

    a 清徐  matched 1-05, sent 1-10, read 1-12, claimed 1-20, granted 3-05
    b 清徐  matched 1-05, sent 2-10, read 2-11
    c 太谷  matched 1-05, never pushed
    d 清徐  matched 2-20, sent 2-25
    g 太谷  matched 1-05, sent 1-10, granted 2-01 unopened (免申即享 confirmation)
    e 太谷  needs data since 1-05; f 清徐 needs data since 2-15
    """
    run = MatchRunFactory()
    policy = published_policy(code="T-1")
    rule = policy.rules.get()
    region = {"a": "140121", "b": "140121", "c": "140703", "d": "140121", "g": "140703"}
    region |= {"e": "140703", "f": "140121"}
    e = {key: EnterpriseFactory(region_id=code, scale="small") for key, code in region.items()}

    def result(key: str, matched: dt.datetime, outcome: str = Outcome.ELIGIBLE) -> None:
        fields = ["employees"] if outcome == Outcome.NEEDS_DATA else []
        MatchResultFactory(
            rule=rule,
            enterprise=e[key],
            run=run,
            outcome=outcome,
            matched_at=matched,
            missing_fields=fields,
        )

    def push(key: str, state: str, sent: dt.datetime, **moments: dt.datetime) -> None:
        Push.objects.create(
            policy=policy, enterprise=e[key], rule=rule, state=state, sent_at=sent, **moments
        )

    for key in ("a", "b", "c", "g"):
        result(key, at(1, 5))
    result("d", at(2, 20))
    result("e", at(1, 5), Outcome.NEEDS_DATA)
    result("f", at(2, 15), Outcome.NEEDS_DATA)
    push("a", "granted", at(1, 10), read_at=at(1, 12), claimed_at=at(1, 20), decided_at=at(3, 5))
    push("b", "read", at(2, 10), read_at=at(2, 11))
    push("d", "sent", at(2, 25))
    push("g", "granted", at(1, 10), decided_at=at(2, 1))
    return {"policy": policy, **e}


def counts(**kwargs: object) -> dict[str, object]:
    return coverage_compute(**kwargs).overall.as_dict()  # type: ignore[arg-type]


def test_january_counts_what_happened_in_january(history: dict[str, object]) -> None:
    # when the province asks for January 2024
    result = counts(user=province_planner(), start=JAN[0], end=JAN[1])

    # then a, b, c, g were eligible by 1-31; a and g were sent, a read and claimed; nothing granted
    assert result == {
        "eligible": 4,
        "needs_data": 1,
        "pushed": 2,
        "read": 1,
        "acted": 1,
        "granted": 0,
        "declined": 0,
        "unreached": 2,
        "push_rate": 0.5,
        "grant_rate": 0.0,
    }


def test_february_counts_what_happened_in_february(history: dict[str, object]) -> None:
    # when the province asks for February 2024
    result = counts(user=province_planner(), start=FEB[0], end=FEB[1])

    # then d joined the eligible, b and d were sent; g's grant (no read, no claim) counts as
    # read, acted and granted on 2-01; at the end of February only c is unreached
    assert result == {
        "eligible": 5,
        "needs_data": 2,
        "pushed": 2,
        "read": 2,
        "acted": 1,
        "granted": 1,
        "declined": 0,
        "unreached": 1,
        "push_rate": 0.8,
        "grant_rate": 0.2,
    }


def test_a_period_spanning_the_whole_history_equals_the_default(
    history: dict[str, object],
) -> None:
    # given the default (everything) and the first quarter, which holds every moment
    everything = counts(user=province_planner())
    quarter = counts(user=province_planner(), start=Q1[0], end=Q1[1])

    # then they agree, and the default is unchanged by periods existing
    assert (
        everything
        == quarter
        == {
            "eligible": 5,
            "needs_data": 2,
            "pushed": 4,
            "read": 3,
            "acted": 2,
            "granted": 2,
            "declined": 0,
            "unreached": 1,
            "push_rate": 0.8,
            "grant_rate": 0.4,
        }
    )
    # and open-ended periods work: from March on, only a's grant happened
    march_on = counts(user=province_planner(), start=dt.date(2024, 3, 1))
    assert (march_on["pushed"], march_on["granted"], march_on["eligible"]) == (0, 1, 5)


def test_breakdowns_within_a_period(history: dict[str, object]) -> None:
    coverage = coverage_compute(user=province_planner(), start=JAN[0], end=JAN[1])

    by_county = {row.key: row.funnel.as_dict() for row in coverage.by_county}
    assert {k: (v["eligible"], v["pushed"], v["unreached"]) for k, v in by_county.items()} == {
        "140121": (2, 1, 1),
        "140703": (2, 1, 1),
    }
    assert [(r.key, r.funnel.eligible, r.funnel.pushed) for r in coverage.by_city] == [
        ("140100", 2, 1),
        ("140700", 2, 1),
    ]
    assert coverage.missing_fields[0][0::2] == ("employees", 1)  # f came in February


def test_scoped_to_the_county_within_a_period(history: dict[str, object]) -> None:
    # a 清徐 officer sees only 清徐 in February: a, b, d eligible, f needs data; b and d sent
    qingxu = counts(user=county_officer_qingxu(), start=FEB[0], end=FEB[1])
    assert (qingxu["eligible"], qingxu["needs_data"], qingxu["pushed"], qingxu["granted"]) == (
        3,
        1,
        2,
        0,
    )
    # 太谷's own figures are its own: c and g eligible, e needs data, g granted in February
    taigu = counts(user=county_officer_taigu(), start=FEB[0], end=FEB[1])
    assert (taigu["eligible"], taigu["needs_data"], taigu["pushed"], taigu["granted"]) == (
        2,
        1,
        0,
        1,
    )
    # asking 清徐's officer for 太谷 gives nothing of 太谷
    other = counts(user=county_officer_qingxu(), region="140703", start=FEB[0], end=FEB[1])
    assert other["eligible"] == other["pushed"] == other["granted"] == 0
    with pytest.raises(CoverageDenied):
        coverage_compute(user=enterprise_user(history["a"]), start=FEB[0], end=FEB[1])


def test_months_with_results_or_pushes_newest_first(history: dict[str, object]) -> None:
    assert coverage_months(user=province_planner()) == [(2024, 3), (2024, 2), (2024, 1)]
    # 太谷 had results in January and g's grant in February; a's March grant is 清徐's
    assert coverage_months(user=county_officer_taigu()) == [(2024, 2), (2024, 1)]


def test_officer_page_and_export_take_from_and_to(history: dict[str, object]) -> None:
    from io import BytesIO

    from django.test import Client
    from django.urls import reverse
    from openpyxl import load_workbook

    from qstrong.accounts.tests.factories import PASSWORD

    officer = county_officer_qingxu()
    client = Client()
    assert client.login(username=officer.username, password=PASSWORD)
    # February in 清徐: a, b, d eligible; b and d sent
    page = client.get("/policies/coverage/", {"from": "2024-02-01", "to": "2024-02-29"})
    overall = page.context["coverage"].overall.as_dict()
    assert (overall["eligible"], overall["pushed"], overall["unreached"]) == (3, 2, 0)
    assert 'value="2024-02-01"' in page.content.decode()
    # a bad date is an open end: from 2024-02-01 on, a's March grant counts too
    open_end = client.get("/policies/coverage/", {"from": "2024-02-01", "to": "nonsense"})
    assert open_end.context["coverage"].overall.granted == 1
    # the export carries the same period
    response = client.get(
        reverse("policies:coverage_export"), {"from": "2024-01-01", "to": "2024-01-31"}
    )
    workbook = load_workbook(BytesIO(response.content))
    assert [c.value for c in workbook["总览"][2]][:4] == ["合计", 2, 0, 1]
