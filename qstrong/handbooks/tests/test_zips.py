"""A batch downloaded as one zip, built by a background job with progress; the zip holds only
what the officer who asked may read, and only that officer downloads it."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    province_planner,
)
from qstrong.core.models import AuditEvent, Job
from qstrong.handbooks import batches, services
from qstrong.handbooks.library import library_ensure
from qstrong.handbooks.models import Batch
from qstrong.handbooks.tests.factories import AS_OF
from qstrong.handbooks.zips import ZIP_JOB_KIND, batch_zip_run
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def _batch(*enterprises: Any) -> Batch:
    library_ensure()
    batch = batches.batch_create(
        name="第一批", kind="enterprise", year=2024, subjects=enterprises, actor=province_planner()
    )
    for handbook in batch.handbooks.all():
        services.handbook_generate(handbook=handbook, actor=None, as_of=AS_OF)
    return batch


def _names(data: bytes) -> list[str]:
    return sorted(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_the_zip_is_built_in_the_background_with_progress_and_scoped_to_the_reader(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Given a batch holding a 清徐 and a 太谷 enterprise's handbooks
    qingxu_firm = EnterpriseFactory(name="清徐宝源老陈醋有限公司")
    taigu_firm = EnterpriseFactory(
        name="太谷示例中药有限公司", uscc=make_uscc(7, "140703"), region_id="140703"
    )
    batch = _batch(qingxu_firm, taigu_firm)
    officer = county_officer_qingxu()
    client = _client(officer)

    # When the 清徐 officer asks for the zip on the batch page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("handbooks:batch_zip", args=[batch.pk]))
    assert response.status_code == 302

    # Then a job ran to the end with its progress, and the page offers the download
    job = Job.objects.get(kind=ZIP_JOB_KIND)
    assert (job.state, job.created_by_id, job.result["handbooks"]) == ("succeeded", officer.pk, 1)
    steps: list[tuple[int, int, str]] = []
    batch_zip_run(job=job, progress=lambda *step: steps.append(step))
    assert steps == [(1, 1, "exporting")]
    page = client.get(reverse("handbooks:batch_detail", args=[batch.pk])).content.decode()
    download = reverse("handbooks:batch_zip_download", args=[batch.pk, job.pk])
    assert download in page and 'data-job-state="succeeded"' in page

    # And the zip holds the 清徐 handbook only, in both formats, and the download is audited
    data = b"".join(client.get(download).streaming_content)  # type: ignore[attr-defined]
    assert _names(data) == [
        "清徐宝源老陈醋有限公司-一企一册-第1版.docx",
        "清徐宝源老陈醋有限公司-一企一册-第1版.pdf",
    ]
    assert AuditEvent.objects.filter(
        action="export", object_type="handbooks.batch", note__startswith=f"zip job {job.pk}"
    ).exists()

    # And the province's zip of the same batch holds both, through the API
    planner = _client(province_planner())
    with django_capture_on_commit_callbacks(execute=True):
        started = planner.post(f"/api/handbooks/batches/{batch.pk}/zip")
    assert started.status_code == 202
    job_id = started.json()["id"]
    status = planner.get(f"/api/handbooks/batches/{batch.pk}/zip/{job_id}").json()
    assert (status["state"], status["percent"], status["handbooks"]) == ("succeeded", 100, 2)
    assert status["download"] == f"/api/handbooks/batches/{batch.pk}/zip/{job_id}/file"
    file = planner.get(status["download"])
    assert len(_names(b"".join(file.streaming_content))) == 4  # type: ignore[attr-defined]


def test_another_officer_never_gets_someone_elses_zip_and_another_county_gets_404(
    django_capture_on_commit_callbacks: Any,
) -> None:
    batch = _batch(EnterpriseFactory(name="清徐宝源老陈醋有限公司"))
    with django_capture_on_commit_callbacks(execute=True):
        _client(county_officer_qingxu()).post(reverse("handbooks:batch_zip", args=[batch.pk]))
    job = Job.objects.get(kind=ZIP_JOB_KIND)
    download = reverse("handbooks:batch_zip_download", args=[batch.pk, job.pk])
    # The province sees the batch, but not the 清徐 officer's zip
    planner = _client(province_planner())
    assert planner.get(download).status_code == 404
    assert planner.get(f"/api/handbooks/batches/{batch.pk}/zip/{job.pk}").status_code == 404
    # The 太谷 officer does not even see the batch
    taigu = _client(county_officer_taigu())
    for response in (
        taigu.post(reverse("handbooks:batch_zip", args=[batch.pk])),
        taigu.get(download),
        taigu.post(f"/api/handbooks/batches/{batch.pk}/zip"),
        taigu.get(f"/api/handbooks/batches/{batch.pk}/zip/{job.pk}/file"),
    ):
        assert response.status_code == 404
    assert Job.objects.filter(kind=ZIP_JOB_KIND).count() == 1


def test_a_zip_still_being_built_answers_409_and_a_second_ask_rejoins_it() -> None:
    batch = _batch(EnterpriseFactory(name="清徐宝源老陈醋有限公司"))
    client = _client(province_planner())
    # (no on-commit callbacks run: the job stays queued)
    first = client.post(f"/api/handbooks/batches/{batch.pk}/zip").json()
    again = client.post(f"/api/handbooks/batches/{batch.pk}/zip").json()
    assert first["id"] == again["id"] and first["state"] == "queued"
    response = client.get(f"/api/handbooks/batches/{batch.pk}/zip/{first['id']}/file")
    assert response.status_code == 409
