"""The pushes API and the portal API: scoped lists, transitions, coverage, public calculator."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    province_planner,
)
from qstrong.policies.models import Delivery, Push
from qstrong.policies.pushing import pushes_send_for_run
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client(enforce_csrf_checks=False)
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def _post(client: Client, url: str, body: dict | None = None) -> object:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def push() -> Push:
    policy = published_policy(code="API-1", title="快享补贴", delivery=Delivery.FAST)
    enterprise = EnterpriseFactory(name="清徐葡萄酒有限公司")
    run = MatchRunFactory()
    MatchResultFactory(rule=policy.rules.get(), enterprise=enterprise, run=run)
    pushes_send_for_run(run=run)
    return Push.objects.get(enterprise=enterprise)


def test_enterprise_reads_and_claims_then_the_county_grants(push: Push) -> None:
    owner = _client(enterprise_user(push.enterprise))
    assert _post(owner, f"/api/pushes/{push.pk}/read").json()["state"] == "read"
    claimed = _post(owner, f"/api/pushes/{push.pk}/claim", {"comment": "申请兑现"}).json()
    assert claimed["state"] == "claimed"
    assert [e["to_state"] for e in claimed["events"]] == ["sent", "read", "claimed"]
    assert owner.get("/api/portal/pushes").json()[0]["policy"]["code"] == "API-1"
    officer = _client(county_officer_qingxu())
    granted = _post(officer, f"/api/pushes/{push.pk}/grant", {"comment": "同意"}).json()
    assert granted["state"] == "granted" and granted["events"][-1]["comment"] == "同意"


def test_illegal_transition_is_422_and_wrong_role_403(push: Push) -> None:
    officer = _client(county_officer_qingxu())
    response = _post(officer, f"/api/pushes/{push.pk}/grant")
    assert response.status_code == 409
    assert "不能变更为“已兑现”" in response.json()["detail"][0]["msg"]
    assert _post(officer, f"/api/pushes/{push.pk}/claim").status_code == 403


def test_another_county_gets_404_on_every_push_endpoint(push: Push) -> None:
    taigu = _client(county_officer_taigu())
    assert taigu.get(f"/api/pushes/{push.pk}").status_code == 404
    for action in ("read", "claim", "apply", "grant", "decline"):
        assert _post(taigu, f"/api/pushes/{push.pk}/{action}").status_code == 404, action
    assert taigu.get("/api/pushes/").json()["total"] == 0
    assert taigu.get("/api/pushes/coverage").json()["overall"]["eligible"] == 0
    stranger = _client(enterprise_user(EnterpriseFactory()))
    assert stranger.get(f"/api/pushes/{push.pk}").status_code == 404
    assert stranger.get("/api/portal/pushes").json() == []


def test_list_coverage_and_confirm(push: Push) -> None:
    planner = _client(province_planner())
    page = planner.get("/api/pushes/", {"state": "sent", "policy": "API-1"}).json()
    assert page["total"] == 1 and page["items"][0]["enterprise"]["name"] == "清徐葡萄酒有限公司"
    coverage = planner.get("/api/pushes/coverage", {"policy": "API-1"}).json()
    assert coverage["overall"]["eligible"] == 1 and coverage["overall"]["pushed"] == 1
    assert coverage["by_county"][0]["key"] == "140121"
    automatic = published_policy(code="API-AUTO", delivery=Delivery.AUTOMATIC)
    MatchResultFactory(rule=automatic.rules.get(), enterprise=push.enterprise)
    confirmed = _post(planner, "/api/pushes/grants/API-AUTO/confirm", {"comment": "确认"})
    assert confirmed.json() == {"policy": "API-AUTO", "granted": 1}
    assert (
        _post(_client(county_officer_qingxu()), "/api/pushes/grants/API-AUTO/confirm").status_code
        == 403
    )


def test_anonymous_gets_401_but_the_calculator_is_public(push: Push) -> None:
    anonymous = Client()
    assert anonymous.get("/api/pushes/").status_code == 401
    assert anonymous.get("/api/portal/pushes").status_code == 401
    response = _post(anonymous, "/api/portal/calculator", {"employees": 30, "certifications": []})
    assert response.status_code == 200
    assert [v["code"] for v in response.json()["eligible"]] == ["API-1"]
    assert response.json()["eligible"][0]["lines"] == ["从业人员 ≥ 20人：是（实际 30人）"]


def test_calculator_errors_are_named_in_chinese() -> None:
    # a bound in the document: 422
    response = _post(Client(), "/api/portal/calculator", {"employees": -1})
    assert response.status_code == 422
    fields = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert fields == {("body", "payload", "employees"): "不能小于 0。"}
    # a code the document allows but the reference table does not hold: 409
    response = _post(Client(), "/api/portal/calculator", {"industry": "Q1"})
    assert response.status_code == 409
    fields = {e["loc"][0]: e["msg"] for e in response.json()["detail"]}
    assert "行业代码“Q1”不存在" in fields["industry"]


def test_coverage_within_a_period_and_a_bad_date(push: Push) -> None:
    planner = _client(province_planner())
    before = planner.get("/api/pushes/coverage", {"from": "2000-01-01", "to": "2000-12-31"})
    assert before.status_code == 200
    assert (before.json()["overall"]["eligible"], before.json()["overall"]["pushed"]) == (0, 0)
    open_ended = planner.get("/api/pushes/coverage", {"from": "2000-01-01"}).json()
    assert (open_ended["overall"]["eligible"], open_ended["overall"]["pushed"]) == (1, 1)
    assert planner.get("/api/pushes/coverage", {"from": "2000-13-01"}).status_code == 422
