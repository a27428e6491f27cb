"""Job status pages: only the job's creator or an administrator sees it; others get 404."""

from __future__ import annotations

import pytest

from qstrong.accounts.models import Role
from qstrong.accounts.tests import factories as people
from qstrong.core.models import Job
from qstrong.core.services import job_create, job_finish, job_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_of_qingxu() -> Job:
    officer = people.county_officer_qingxu()
    job = job_create(kind="import", title="企业：a.xlsx", params={}, actor=officer)
    job_progress(job=job, done=25, total=100, stage="validating")
    return job


def test_the_creator_reads_the_status_as_json(client, job_of_qingxu) -> None:
    client.force_login(job_of_qingxu.created_by)

    response = client.get(f"/jobs/{job_of_qingxu.pk}/status.json")

    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "queued"
    assert (data["done"], data["total"], data["percent"]) == (25, 100, 25)
    assert data["stage"] == "validating"
    assert data["stage_label"] == "校验数据"
    assert data["finished"] is False


def test_another_users_job_is_404(client, job_of_qingxu) -> None:
    client.force_login(people.county_officer_taigu())

    assert client.get(f"/jobs/{job_of_qingxu.pk}/status.json").status_code == 404
    assert client.get(f"/jobs/{job_of_qingxu.pk}/progress/").status_code == 404


def test_even_a_colleague_of_the_same_bureau_gets_404(client, job_of_qingxu) -> None:
    colleague = people.UserFactory(
        username="qingxu2", organisation=job_of_qingxu.created_by.organisation
    )
    client.force_login(colleague)

    assert client.get(f"/jobs/{job_of_qingxu.pk}/status.json").status_code == 404


def test_an_administrator_sees_any_job(client, job_of_qingxu) -> None:
    admin = people.UserFactory(username="root", role=Role.ADMIN)
    client.force_login(admin)

    assert client.get(f"/jobs/{job_of_qingxu.pk}/status.json").status_code == 200


def test_an_unknown_job_is_404_and_anonymous_users_log_in(client, job_of_qingxu) -> None:
    anonymous = client.get(f"/jobs/{job_of_qingxu.pk}/status.json")
    client.force_login(job_of_qingxu.created_by)

    assert anonymous.status_code == 302
    assert client.get("/jobs/00000000-0000-0000-0000-000000000000/status.json").status_code == 404


def test_the_progress_fragment_polls_while_running(client, job_of_qingxu) -> None:
    client.force_login(job_of_qingxu.created_by)

    response = client.get(f"/jobs/{job_of_qingxu.pk}/progress/?reload=1", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'aria-valuenow="25"' in html
    assert "HX-Refresh" not in response.headers


def test_a_finished_job_stops_polling_and_reloads_the_page(client, job_of_qingxu) -> None:
    job_finish(job=job_of_qingxu, result={"created": 3})
    client.force_login(job_of_qingxu.created_by)

    response = client.get(f"/jobs/{job_of_qingxu.pk}/progress/?reload=1", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "hx-trigger" not in html
    assert 'aria-valuenow="100"' in html
    assert response.headers["HX-Refresh"] == "true"
