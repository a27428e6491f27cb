"""The jobs API: progress for the creator and the administrator only."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.models import Role
from qstrong.accounts.tests import factories as people
from qstrong.core.models import Job
from qstrong.core.services import job_create, job_finish, job_progress, job_start

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def running_job() -> Job:
    """An import started by the officer of 清徐, 250 of 1000 rows done."""
    job = job_create(
        kind="import", title="导入 企业名单.xlsx", params={}, actor=people.county_officer_qingxu()
    )
    job_start(job=job)
    job_progress(job=job, done=250, total=1000, stage="validate")
    return job


def test_the_creator_follows_the_progress(running_job: Job) -> None:
    response = client_for(running_job.created_by).get(f"/api/jobs/{running_job.id}")

    body = response.json()
    assert response.status_code == 200
    assert {k: body[k] for k in ("kind", "title", "state", "state_label", "stage")} == {
        "kind": "import",
        "title": "导入 企业名单.xlsx",
        "state": "running",
        "state_label": "进行中",
        "stage": "validate",
    }
    assert (body["done"], body["total"], body["percent"], body["finished"]) == (
        250,
        1000,
        25,
        False,
    )


def test_a_finished_job_shows_its_result(running_job: Job) -> None:
    job_finish(job=running_job, result={"created": 3}, message="完成")

    body = client_for(running_job.created_by).get(f"/api/jobs/{running_job.id}").json()

    assert (body["state"], body["percent"], body["finished"]) == ("succeeded", 100, True)
    assert (body["result"], body["message"]) == ({"created": 3}, "完成")


def test_live_progress_inside_the_workers_transaction_comes_from_the_cache(
    running_job: Job,
) -> None:
    # Given the worker publishes progress while its row update is not yet visible
    Job.objects.filter(pk=running_job.pk).update(done=0, total=0)
    job_progress(job=running_job, done=600, total=1000, stage="commit")
    Job.objects.filter(pk=running_job.pk).update(done=0, total=0)

    body = client_for(running_job.created_by).get(f"/api/jobs/{running_job.id}").json()

    assert (body["done"], body["total"], body["percent"], body["stage"]) == (
        600,
        1000,
        60,
        "commit",
    )


@pytest.mark.parametrize("persona", ["county_officer_taigu", "province_planner", "leader"])
def test_anyone_but_the_creator_or_the_administrator_gets_404(
    running_job: Job, persona: str
) -> None:
    response = client_for(getattr(people, persona)()).get(f"/api/jobs/{running_job.id}")

    assert (response.status_code, response.json()) == (404, {"detail": "未找到。"})


def test_the_administrator_follows_every_job(running_job: Job) -> None:
    admin = people.UserFactory(username="sysadmin", organisation=None, role=Role.ADMIN)

    assert client_for(admin).get(f"/api/jobs/{running_job.id}").status_code == 200


def test_anonymous_gets_401(running_job: Job) -> None:
    response = Client().get(f"/api/jobs/{running_job.id}")

    assert (response.status_code, response.json()) == (401, {"detail": "请先登录。"})


def test_unknown_job_is_404_and_a_malformed_id_is_422() -> None:
    client = client_for(people.county_officer_qingxu())

    unknown = client.get(f"/api/jobs/{uuid.uuid4()}")
    malformed = client.get("/api/jobs/not-a-uuid")

    assert unknown.status_code == 404
    assert malformed.status_code == 422
    assert malformed.json()["detail"] == [
        {"loc": ["path", "job_id"], "msg": "标识格式不正确。", "type": "uuid_parsing"}
    ]
