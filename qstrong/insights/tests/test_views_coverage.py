"""The policy-coverage dashboard: period picker (全部 + periods with data), swap, export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.policies.models import Push
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

URL = "/insights/coverage/"
HTMX = {"HX-Request": "true", "HX-Target": "dashboard-body"}


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def at(month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2024, month, day, 10))


@pytest.fixture
def pushes() -> dict[str, Any]:
    """Three eligible 清徐 enterprises matched in January: a sent in January and granted in
    March, b sent in February, c never pushed."""
    run = MatchRunFactory()
    policy = published_policy(code="V-1")
    rule = policy.rules.get()
    e = {key: EnterpriseFactory(region_id="140121") for key in "abc"}
    for enterprise in e.values():
        MatchResultFactory(rule=rule, enterprise=enterprise, run=run, matched_at=at(1, 5))
    Push.objects.create(
        policy=policy,
        enterprise=e["a"],
        rule=rule,
        state="granted",
        sent_at=at(1, 10),
        read_at=at(1, 11),
        claimed_at=at(1, 12),
        decided_at=at(3, 1),
    )
    Push.objects.create(policy=policy, enterprise=e["b"], rule=rule, sent_at=at(2, 10))
    return e


def headline(html: str, key: str) -> str:
    marker = f'data-testid="headline-{key}-value">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_picker_offers_all_and_the_periods_with_data_newest_first(pushes: Any) -> None:
    response = client_for(leader()).get(URL)
    board = response.context["board"]
    # 全部 is the default: the figures as they stand now
    assert board.period is None
    # months January–March have data: each month, Q1 (= 1—3月), 1—2月, H1 and the year
    assert [p.key for p in board.periods] == [
        "2024",
        "2024.01-06",
        "2024.03",
        "2024.01-03",
        "2024.02",
        "2024.01-02",
        "2024.01",
    ]
    html = response.content.decode()
    assert '<option value="all" selected>全部</option>' in html
    assert headline(html, "eligible") == "3项"
    assert headline(html, "pushed") == "2项"
    assert headline(html, "granted") == "1项"


def test_period_swap_renders_the_body_for_that_period(pushes: Any) -> None:
    client = client_for(leader())
    # January: a sent, nothing granted yet; b and c not reached by 1-31
    january = client.get(URL, {"period": "2024.01"}, headers=HTMX).content.decode()
    assert "<html" not in january
    assert "当前期间：2024年1月" in january
    assert [headline(january, k) for k in ("eligible", "pushed", "granted", "unreached")] == [
        "3项",
        "1项",
        "0项",
        "2项",
    ]
    assert "截至 2024-01-31" in january
    assert "推送时间在2024年1月内的推送" in january  # 计算说明 says what is counted
    # February: b sent; a's grant in March is not in it
    february = client.get(URL, {"period": "2024.02"}, headers=HTMX).content.decode()
    assert [headline(february, k) for k in ("pushed", "granted", "unreached")] == [
        "1项",
        "0项",
        "1项",
    ]
    # a period without data, or nonsense, falls back to 全部
    for text in ("2019", "x", "all"):
        response = client.get(URL, {"period": text})
        assert response.context["board"].period is None


def test_region_drill_down_keeps_the_period(pushes: Any) -> None:
    response = client_for(leader()).get(URL, {"period": "2024.01"})
    regions = response.context["board"].charts[0]
    assert regions.links == ["/insights/coverage/?period=2024.01&region=1401"]


def test_xlsx_has_the_chart_data_for_the_period(pushes: Any) -> None:
    response = client_for(leader()).get(URL, {"period": "2024.01-03", "format": "xlsx"})
    assert response.status_code == 200
    assert 'filename="dashboard-coverage-2024.01-03.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    headlines = list(workbook["主要指标"].iter_rows(values_only=True))
    assert headlines[0][0] == "政策覆盖（2024年1—3月）"
    assert [row[1] for row in headlines[2:6]] == ["3项", "2项", "1项", "1项"]
    regions = list(workbook["各市覆盖情况"].iter_rows(values_only=True))
    assert regions[2] == ("太原市", 3, 2, 1, 66.7)


def test_other_county_sees_its_own_nothing_and_enterprise_users_404(pushes: Any) -> None:
    # 太谷's officer has no results and no pushes: no periods, zero counts, for any period
    response = client_for(county_officer_taigu()).get(URL, {"period": "2024.01"})
    assert response.status_code == 200
    assert response.context["board"].periods == []
    assert headline(response.content.decode(), "eligible") == "0项"
    # 清徐's officer drilling into 太谷 sees nothing of it
    qingxu = client_for(county_officer_qingxu()).get(URL, {"period": "2024", "region": "140703"})
    assert headline(qingxu.content.decode(), "eligible") == "0项"
    owner = client_for(enterprise_user(pushes["a"]))
    assert owner.get(URL, {"period": "2024.01"}).status_code == 404
    assert owner.get(URL, {"period": "2024.01", "format": "xlsx"}).status_code == 404
