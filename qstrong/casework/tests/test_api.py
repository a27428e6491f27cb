"""The casework API: scoped lists and details, creates, transitions with 401/403/404/422."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.casework.models import Task
from qstrong.casework.tests.factories import ActivityFactory, NeedFactory, TaskFactory
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

BASE = "/api/casework"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory()
    activity = ActivityFactory(enterprises=[enterprise])
    need = NeedFactory(enterprise=enterprise, activity=activity)
    task = TaskFactory(need=need, responsible_person=officer, internal_note="内部")
    return {
        "officer": officer,
        "enterprise": enterprise,
        "activity": activity,
        "need": need,
        "task": task,
    }


def test_anonymous_gets_401() -> None:
    response = Client().get(f"{BASE}/tasks")
    assert response.status_code == 401
    assert response.json() == {"detail": "请先登录。"}


def test_another_county_gets_404_on_every_record(world: dict[str, Any]) -> None:
    client = _client(county_officer_taigu())
    a, n, t = world["activity"].pk, world["need"].pk, world["task"].pk
    for url in (f"{BASE}/activities/{a}", f"{BASE}/needs/{n}", f"{BASE}/tasks/{t}"):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"{BASE}/tasks/{t}/transitions",
        {"to_state": "in_progress"},
        content_type="application/json",
    )
    assert response.status_code == 404
    response = client.post(
        f"{BASE}/tasks",
        {"need": n, "action": "x", "responsible_bureau": 1, "due_date": "2024-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get(f"{BASE}/tasks").json() == {"count": 0, "items": []}
    assert client.get(f"{BASE}/activities").json()["count"] == 0
    assert client.get(f"{BASE}/needs").json()["count"] == 0


def test_lists_and_details_for_the_officer(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    tasks = client.get(f"{BASE}/tasks?overdue=true").json()
    assert tasks["count"] == 0 or tasks["items"][0]["overdue"] is True
    detail = client.get(f"{BASE}/tasks/{world['task'].pk}").json()
    assert (detail["state"], detail["internal_note"], detail["events"]) == ("open", "内部", [])
    assert client.get(f"{BASE}/activities/{world['activity'].pk}").json()["needs"] == [
        world["need"].pk
    ]


def test_transitions_200_403_422(world: dict[str, Any]) -> None:
    task = world["task"]
    url = f"{BASE}/tasks/{task.pk}/transitions"
    officer = _client(world["officer"])

    response = officer.post(url, {"to_state": "verified"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": [{"loc": [], "msg": "任务不能从“待办”变为“已核验”。", "type": "value_error"}]
    }

    response = _client(leader()).post(
        url, {"to_state": "in_progress"}, content_type="application/json"
    )
    assert response.status_code == 403

    assert (
        officer.post(url, {"to_state": "in_progress"}, content_type="application/json").json()[
            "state"
        ]
        == "in_progress"
    )
    assert (
        officer.post(url, {"to_state": "done"}, content_type="application/json").json()["state"]
        == "done"
    )
    response = _client(city_officer_taiyuan()).post(
        url, {"to_state": "verified", "comment": "核验通过"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["state"] == "verified"
    assert task.events.count() == 3

    response = officer.post(url, {"to_state": "closed"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body",
        "payload",
        "to_state",
    ]


def test_create_activity_need_task(world: dict[str, Any]) -> None:
    officer = world["officer"]
    client = _client(officer)
    response = client.post(
        f"{BASE}/activities",
        {"kind": "diagnosis", "title": "把脉问诊", "date": "2024-05-10",
         "organisers": [officer.organisation_id], "enterprises": [world["enterprise"].uscc]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    activity = response.json()
    assert activity["enterprises"][0]["uscc"] == world["enterprise"].uscc

    response = client.post(
        f"{BASE}/needs",
        {
            "enterprise": world["enterprise"].uscc,
            "description": "标准化辅导",
            "activity": activity["id"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    need = response.json()

    response = client.post(
        f"{BASE}/tasks",
        {"need": need["id"], "action": "派专家辅导", "responsible_bureau": officer.organisation_id,
         "responsible_person": officer.pk, "due_date": "2024-06-30"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["state"] == "open"


def test_create_errors_are_structured(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    response = client.post(
        f"{BASE}/activities",
        {"kind": "visit", "title": "x", "date": "2024-05-10",
         "organisers": [world["officer"].organisation_id], "enterprises": ["911401210000000000"]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["enterprises"]
    response = client.post(f"{BASE}/needs", {"description": "x"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["subject"]


def test_enterprise_user_sees_own_tasks_without_internal_notes(world: dict[str, Any]) -> None:
    client = _client(enterprise_user(world["enterprise"]))
    items = client.get(f"{BASE}/tasks").json()["items"]
    assert [i["id"] for i in items] == [world["task"].pk]
    assert "internal_note" not in items[0]
    assert client.get(f"{BASE}/activities").json()["count"] == 0
    response = client.post(
        f"{BASE}/needs", {"enterprise": world["enterprise"].uscc, "description": "提需求"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["source"] == "portal"
    other = EnterpriseFactory()
    response = client.post(
        f"{BASE}/needs",
        {"enterprise": other.uscc, "description": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Task.objects.count() == 1
