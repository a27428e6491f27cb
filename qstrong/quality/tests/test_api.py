"""The quality API: reads, writes, structured errors, 401 and 404 outside the jurisdiction."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.tests import factories as people
from qstrong.quality.models import Grade, ProblemState, Programme
from qstrong.quality.tests.factories import (
    KeyProjectFactory,
    ProblemFactory,
    ProgrammeFactory,
    QualityLossFactory,
    problem_in_state,
)
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db
API = "/api/quality"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post_json(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def records() -> dict[str, Any]:
    problem = problem_in_state(ProblemState.ANALYSED)
    project = KeyProjectFactory(lead_enterprise=problem.enterprises.get())
    programme = ProgrammeFactory(region_id="140121", kind=Programme.Kind.COUNTY)
    return {"problem": problem, "project": project, "programme": programme}


def test_anonymous_callers_get_401() -> None:
    assert Client().get(f"{API}/problems").status_code == 401


def test_every_endpoint_answers_404_to_an_officer_of_another_county(
    records: dict[str, Any],
) -> None:
    problem, project = records["problem"], records["project"]
    action = problem.actions.get()
    client = _client(people.county_officer_taigu())
    gets = [
        f"{API}/problems/{problem.pk}",
        f"{API}/key-projects/{project.pk}",
        f"{API}/programmes/{records['programme'].pk}",
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts: list[tuple[str, dict[str, Any]]] = [
        (
            f"{API}/problems/{problem.pk}/actions",
            {
                "kind": "corrective",
                "description": "x",
                "owner_person": "y",
                "owner_bureau": None,
                "deadline": "2030-01-01",
            },
        ),
        (f"{API}/problems/{problem.pk}/actions/{action.pk}/done", {}),
        (f"{API}/problems/{problem.pk}/comments", {"comment": "x"}),
        (
            f"{API}/losses",
            {"problem": problem.pk, "year": 2024, "failures_before": 1, "failures_after": 0},
        ),
    ]
    for url, body in posts:
        response = _post_json(client, url, body)
        assert response.status_code == 404, (url, response.status_code, response.content)
    response = client.post(f"{API}/problems/{problem.pk}/transitions/plan", {"comment": "x"})
    assert response.status_code == 404
    assert client.get(f"{API}/problems").json()["count"] == 0
    assert client.get(f"{API}/losses").json()["rows"] == []
    assert client.get(f"{API}/key-projects").json() == []


def test_create_and_move_a_problem_over_the_api() -> None:
    officer = people.county_officer_qingxu()
    client = _client(officer)
    enterprise, chain = EnterpriseFactory(), ChainFactory(code="vinegar")
    response = _post_json(
        client,
        f"{API}/problems",
        {
            "chain": "vinegar",
            "enterprises": [enterprise.uscc],
            "grade": "general",
            "klass": "management",
            "title": "出厂检验记录缺失",
            "description": "抽查发现三批次无出厂检验记录",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "registered" and body["region"]["code"] == "140121"
    assert body["transitions_available"] == ["analyse", "reject"]
    pk = body["id"]
    moved = client.post(
        f"{API}/problems/{pk}/transitions/analyse",
        {"comment": "已分析", "root_cause": "检验员缺岗"},
    )
    assert moved.status_code == 200 and moved.json()["state"] == "analysed"
    added = _post_json(
        client,
        f"{API}/problems/{pk}/actions",
        {
            "kind": "corrective",
            "description": "补配检验员",
            "owner_person": "王经理",
            "owner_enterprise": enterprise.uscc,
            "deadline": "2030-06-30",
        },
    )
    assert added.status_code == 201 and len(added.json()["actions"]) == 1
    assert chain.quality_problems.count() == 1


def test_wrong_state_is_409_and_wrong_role_is_403_with_the_reason() -> None:
    general = ProblemFactory()
    client = _client(people.county_officer_qingxu())
    response = client.post(f"{API}/problems/{general.pk}/transitions/close", {"comment": "x"})
    assert response.status_code == 409
    assert response.json()["detail"].startswith("问题当前状态为“已登记”，不能执行“关闭问题”")
    critical = ProblemFactory(grade=Grade.CRITICAL)
    response = client.post(
        f"{API}/problems/{critical.pk}/transitions/analyse", {"comment": "x", "root_cause": "y"}
    )
    assert response.status_code == 403
    assert "重大问题须由省局规划人员办理" in response.json()["detail"]


def test_missing_comment_is_a_structured_422() -> None:
    problem = ProblemFactory()
    client = _client(people.county_officer_qingxu())
    response = client.post(f"{API}/problems/{problem.pk}/transitions/analyse", {"root_cause": "y"})
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert {
        "loc": ["comment"],
        "msg": "请填写说明：每次状态变更都须写明理由。",
        "type": "value_error",
    } in detail


def test_invalid_create_payload_names_the_field() -> None:
    client = _client(people.county_officer_qingxu())
    response = _post_json(client, f"{API}/problems", {"chain": "x", "grade": "huge"})
    assert response.status_code == 422
    locs = {tuple(error["loc"][-1:]) for error in response.json()["detail"]}
    assert ("grade",) in locs and ("enterprises",) in locs


def test_ledger_answers_the_article_figure_exactly() -> None:
    QualityLossFactory(failures_before=13, failures_after=0, cost_per_failure=Decimal("1.06"))
    body = _client(people.province_planner()).get(f"{API}/losses").json()
    assert Decimal(body["total"]["savings"]) == Decimal("13.78")
    assert body["rows"][0]["failures_avoided"] == 13


def test_record_a_loss_and_read_programme_progress() -> None:
    problem = ProblemFactory()
    client = _client(people.county_officer_qingxu())
    response = _post_json(
        client,
        f"{API}/losses",
        {
            "problem": problem.pk,
            "year": 2024,
            "failures_before": 50,
            "failures_after": 0,
            "other_cost_before": "200",
        },
    )
    assert response.status_code == 201 and Decimal(response.json()["savings"]) == Decimal("200")
    ProgrammeFactory(code="qx", region_id="140121", kind=Programme.Kind.COUNTY)
    programmes = client.get(f"{API}/programmes").json()
    assert [p["code"] for p in programmes] == ["qx"]
    assert programmes[0]["progress"] == {
        "done": 0,
        "total": 0,
        "percent": 0,
        "measure": "milestones",
        "savings": None,
    }


def test_key_projects_and_programmes_are_written_over_the_api(records: dict[str, Any]) -> None:
    officer = _client(people.county_officer_qingxu())
    lead = records["problem"].enterprises.get()
    response = _post_json(
        officer,
        f"{API}/key-projects",
        {
            "name": "醋业发酵温控攻关",
            "lead_enterprise": lead.uscc,
            "other_partners": "山西农业大学",
            "problems": [records["problem"].pk],
        },
    )
    assert response.status_code == 201, response.content
    project = response.json()
    assert project["problems"] == [records["problem"].pk]
    url = f"{API}/key-projects/{project['id']}/milestones"
    added = _post_json(officer, url, {"title": "温控系统上线", "due_on": "2030-03-31"})
    assert added.status_code == 201 and added.json()["milestones"][0]["state"] == "planned"
    indicator = _post_json(
        officer,
        f"{API}/key-projects/{project['id']}/indicators",
        {"name": "总酸合格率", "unit": "%", "before": "92.5", "target": "99"},
    )
    assert indicator.status_code == 201
    programme = _post_json(
        officer,
        f"{API}/programmes",
        {"code": "qx_county", "name": "质量强县培育（清徐）", "kind": "county", "region": "140121"},
    )
    assert programme.status_code == 201, programme.content
    enrolled = _post_json(
        officer,
        f"{API}/programmes/{programme.json()['id']}/enrolments",
        {"kind": "county", "code": "140121"},
    )
    assert enrolled.status_code == 201


def test_writes_outside_the_jurisdiction_are_refused(records: dict[str, Any]) -> None:
    other = _client(people.county_officer_taigu())
    project, programme = records["project"], records["programme"]
    for url, body in (
        (f"{API}/key-projects/{project.pk}/milestones", {"title": "x"}),
        (f"{API}/key-projects/{project.pk}/indicators", {"name": "x"}),
        (f"{API}/programmes/{programme.pk}/enrolments", {"kind": "county", "code": "140703"}),
        (f"{API}/programmes/{programme.pk}/milestones", {"title": "x"}),
    ):
        assert _post_json(other, url, body).status_code == 404, url
    response = _post_json(
        other,
        f"{API}/programmes",
        {"code": "qx2", "name": "x", "kind": "county", "region": "140121"},
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您不能记录专项行动：仅限该区域的市场监管局工作人员。"
    lead = records["problem"].enterprises.get()
    response = _post_json(other, f"{API}/key-projects", {"name": "x", "lead_enterprise": lead.uscc})
    assert response.status_code == 409  # the enterprise does not exist for them


def test_a_transition_over_the_api_keeps_its_evidence_files() -> None:
    """multipart: comment and root cause as form fields, files under evidence_files."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    problem = problem_in_state(ProblemState.REGISTERED)
    client = _client(people.county_officer_qingxu())
    files = [
        SimpleUploadedFile("检验记录.pdf", b"%PDF-1.4 one", content_type="application/pdf"),
        SimpleUploadedFile(
            "现场.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png"
        ),
    ]
    response = client.post(
        f"{API}/problems/{problem.pk}/transitions/analyse",
        {"comment": "已分析", "root_cause": "检验员缺岗", "evidence_files": files},
    )
    assert response.status_code == 200, response.content
    names = sorted(
        evidence.name for event in problem.events.all() for evidence in event.files.all()
    )
    assert names == ["检验记录.pdf", "现场.png"]
