"""The policies API: reads scoped to the caller, writes for planners, rules validated with paths."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    leader,
    province_planner,
)
from qstrong.policies.models import Outcome, Policy
from qstrong.policies.tests.factories import (
    ISO9001_RULE,
    MatchResultFactory,
    MatchRunFactory,
    PolicyFactory,
    published_policy,
)
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db

BASE = "/api/policies"
LIST = f"{BASE}/"
QINGXU_RULE: dict[str, Any] = {
    "all": [
        {"field": "region", "op": "within", "value": "140121"},
        {"field": "employees", "op": "ge", "value": 20},
    ]
}


def client_for(user: Any) -> Client:
    client = Client(enforce_csrf_checks=False)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def post(client: Client, path: str, data: Any) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json")


def test_anonymous_gets_401_json() -> None:
    for path in ("/", "/runs", "/matches"):
        response = Client().get(f"{BASE}{path}")
        assert response.status_code == 401
        assert response.json() == {"detail": "请先登录。"}
    assert post(Client(), f"{BASE}/validate", {"rule": QINGXU_RULE}).status_code == 401


def test_list_and_detail() -> None:
    policy = published_policy(code="API-1", title="接口政策")
    PolicyFactory(code="API-2", state=Policy.State.DRAFT)
    client = client_for(county_officer_qingxu())
    page = client.get(LIST).json()
    assert page["total"] == 1
    assert page["items"][0]["code"] == "API-1"
    detail = client.get(f"{BASE}/{policy.pk}").json()
    assert detail["title"] == "接口政策"
    assert detail["rules"][0]["version"] == 1
    assert detail["rules"][0]["rule"] == {"field": "employees", "op": "ge", "value": 20}


def test_list_filters() -> None:
    published_policy(code="F-1", category="credit")
    published_policy(code="F-2", category="quality")
    client = client_for(province_planner())
    assert [p["code"] for p in client.get(LIST, {"category": "credit"}).json()["items"]] == ["F-1"]
    assert client.get(LIST, {"category": "nope"}).status_code == 422


def test_planner_creates_updates_saves_rule_and_publishes(
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(province_planner())
    created = post(client, LIST, {"code": "NEW-API", "title": "新接口政策", "rule": QINGXU_RULE})
    assert created.status_code == 201
    policy_id = created.json()["id"]
    assert created.json()["state"] == "draft"
    patched = client.patch(
        f"{BASE}/{policy_id}", json.dumps({"delivery": "fast"}), content_type="application/json"
    )
    assert patched.json()["delivery"] == "fast"
    saved = post(client, f"{BASE}/{policy_id}/rules", {"rule": ISO9001_RULE, "note": "改为认证"})
    assert saved.status_code == 201
    assert saved.json()["version"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        published = post(client, f"{BASE}/{policy_id}/publish", {})
    assert published.json()["state"] == "published"
    versions = client.get(f"{BASE}/{policy_id}/rules").json()
    assert [v["rule"] for v in versions] == [ISO9001_RULE]
    withdrawn = post(client, f"{BASE}/{policy_id}/withdraw", {"comment": "到期"})
    assert withdrawn.json()["state"] == "withdrawn"


def test_invalid_rule_answers_422_with_its_path() -> None:
    client = client_for(province_planner())
    bad = {"all": [{"field": "employees", "op": "ge", "value": "many"}]}
    response = post(client, LIST, {"code": "BAD-API", "title": "坏规则", "rule": bad})
    assert response.status_code == 409
    assert response.json() == {
        "detail": [{"loc": ["rule"], "msg": "all[0].value: 应为整数", "type": "value_error"}]
    }
    assert not Policy.objects.filter(code="BAD-API").exists()


@pytest.mark.parametrize("persona", [county_officer_qingxu, leader])
def test_writes_by_non_planners_are_403(persona: Any) -> None:
    policy = published_policy(code="RO-1")
    client = client_for(persona())
    assert post(client, LIST, {"code": "X", "title": "X"}).status_code == 403
    assert post(client, f"{BASE}/{policy.pk}/publish", {}).status_code == 403
    assert post(client, f"{BASE}/{policy.pk}/withdraw", {}).status_code == 403
    assert post(client, f"{BASE}/{policy.pk}/rules", {"rule": QINGXU_RULE}).status_code == 403
    assert post(client, f"{BASE}/runs", {}).status_code == 403


def test_validate_returns_every_error_with_its_path() -> None:
    client = client_for(county_officer_qingxu())
    ok = post(client, f"{BASE}/validate", {"rule": QINGXU_RULE}).json()
    assert ok["valid"] is True
    assert ok["errors"] == []
    assert ok["description"] != ""
    bad = {"any": [{"field": "region", "op": "ge", "value": "140121"}, {"field": "x", "op": "eq"}]}
    answer = post(client, f"{BASE}/validate", {"rule": bad}).json()
    assert answer["valid"] is False
    assert [e["path"] for e in answer["errors"]] == ["any[0].op", "any[1].field"]


def test_preview_counts_over_the_callers_enterprises() -> None:
    # given two enterprises in 清徐 (one with 50 employees, one unrecorded) and one in 太谷
    EnterpriseFactory(name="甲", employees=50)
    EnterpriseFactory(name="乙", employees=None)
    EnterpriseFactory(name="丙", employees=5)
    EnterpriseFactory(region_id="140703", uscc=make_uscc(700, "140703"), employees=500)
    rule = {"field": "employees", "op": "ge", "value": 20}
    # when the 清徐 officer previews employees ≥ 20
    answer = post(
        client_for(county_officer_qingxu()),
        f"{BASE}/preview",
        {"rule": rule, "as_of": "2025-06-30", "sample": 5},
    ).json()
    # then only their county counts, and the missing field is named
    assert answer["counts"] == {"eligible": 1, "needs_data": 1, "ineligible": 1}
    assert answer["total"] == 3
    assert [e["name"] for e in answer["samples"]["eligible"]] == ["甲"]
    assert answer["missing_fields"] == [{"field": "employees", "label": "从业人员", "count": 1}]


def test_preview_of_an_invalid_rule_is_422() -> None:
    response = post(
        client_for(province_planner()),
        f"{BASE}/preview",
        {"rule": {"field": "employees", "op": "ge"}},
    )
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["rule"]


def test_explain_for_own_county_and_404_for_another() -> None:
    policy = published_policy(code="EX-1")
    enterprise = EnterpriseFactory(employees=None)
    answer = client_for(county_officer_qingxu()).get(
        f"{BASE}/{policy.pk}/explain/{enterprise.uscc}"
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["outcome"] == "needs_data"
    assert data["rule_version"] == 1
    assert data["missing_fields"] == [{"field": "employees", "label": "从业人员"}]
    other = client_for(county_officer_taigu()).get(f"{BASE}/{policy.pk}/explain/{enterprise.uscc}")
    assert other.status_code == 404


def test_matches_are_scoped_and_filtered() -> None:
    policy = published_policy(code="M-1")
    rule = policy.rules.get()
    MatchResultFactory(rule=rule, enterprise=EnterpriseFactory(name="清徐A"))
    MatchResultFactory(
        rule=rule,
        enterprise=EnterpriseFactory(name="清徐B"),
        outcome=Outcome.NEEDS_DATA,
        missing_fields=["employees"],
    )
    MatchResultFactory(
        rule=rule,
        enterprise=EnterpriseFactory(
            name="太谷C", region_id="140703", uscc=make_uscc(701, "140703")
        ),
    )
    qingxu = client_for(county_officer_qingxu())
    page = qingxu.get(f"{BASE}/matches", {"policy": policy.pk}).json()
    assert page["total"] == 2
    needs = qingxu.get(f"{BASE}/matches", {"outcome": "needs_data"}).json()
    assert [m["enterprise"]["name"] for m in needs["items"]] == ["清徐B"]
    assert needs["items"][0]["missing_fields"] == [{"field": "employees", "label": "从业人员"}]
    taigu = client_for(county_officer_taigu()).get(f"{BASE}/matches").json()
    assert [m["enterprise"]["name"] for m in taigu["items"]] == ["太谷C"]


def test_runs_create_list_detail(django_capture_on_commit_callbacks: Any) -> None:
    published_policy(code="R-1")
    EnterpriseFactory()
    client = client_for(province_planner())
    with django_capture_on_commit_callbacks(execute=True):
        started = post(client, f"{BASE}/runs", {"as_of": "2025-06-30"})
    assert started.status_code == 202
    runs = client.get(f"{BASE}/runs").json()
    assert runs["total"] == 1
    run = runs["items"][0]
    assert (run["state"], run["eligible_count"], run["as_of"]) == ("succeeded", 1, "2025-06-30")
    assert client.get(f"{BASE}/runs/{run['id']}").json()["id"] == run["id"]


def test_industry_search() -> None:
    client = client_for(province_planner())
    found = client.get(f"{BASE}/industries", {"q": "C27"}).json()
    assert found[0]["code"] == "C27"
    named = client.get(f"{BASE}/industries", {"codes": "C27,C15"}).json()
    assert [i["code"] for i in named] == ["C15", "C27"]


def test_openapi_documents_the_policy_operations() -> None:
    schema = client_for(province_planner()).get("/api/openapi.json").json()
    for path in ("/api/policies/validate", "/api/policies/preview", "/api/policies/matches"):
        assert path in schema["paths"]


def test_a_single_enterprise_run_of_another_county_is_404() -> None:
    run = MatchRunFactory(scope="enterprise", enterprise=EnterpriseFactory())
    assert client_for(county_officer_qingxu()).get(f"{BASE}/runs/{run.pk}").status_code == 200
    assert client_for(county_officer_taigu()).get(f"{BASE}/runs/{run.pk}").status_code == 404


def test_matches_of_a_draft_policy_are_404_for_an_officer() -> None:
    draft = PolicyFactory(code="DR-1", state=Policy.State.DRAFT)
    response = client_for(county_officer_qingxu()).get(f"{BASE}/matches", {"policy": draft.pk})
    assert response.status_code == 404
