"""The import page: who may import, a bad file (errors, nothing written), a good file (counts)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qstrong.accounts.tests import factories as people
from qstrong.registry.models import Enterprise, ImportBatch
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db

PAGE = "/registry/imports/"
HEADER = "统一社会信用代码,企业名称,行政区划代码,行业代码,从业人员\n"


def csv_file(body: str, name: str = "企业.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode("utf-8"), content_type="text/csv")


def upload(client, file, django_capture_on_commit_callbacks, **options):
    data = {"kind": "enterprises", "file": file, "language": "zh-hans", **options}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(PAGE, data)


def test_an_officer_gets_the_import_page(client) -> None:
    client.force_login(people.county_officer_qingxu())

    response = client.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "上传并校验" in html
    assert "仅校验" in html
    assert "仅导入有效行" in html
    assert "还没有导入记录。" in html


@pytest.mark.parametrize("persona", ["leader", "enterprise"])
def test_read_only_roles_and_enterprises_cannot_import(client, persona) -> None:
    if persona == "leader":
        user = people.leader()
    else:
        user = people.enterprise_user(EnterpriseFactory(uscc=make_uscc(9)))
    client.force_login(user)

    page = client.get(PAGE)
    post = client.post(PAGE, {"kind": "enterprises", "file": csv_file("")})
    listing = client.get("/registry/enterprises/")

    assert page.status_code == 403
    assert post.status_code == 403
    assert "无权访问" in page.content.decode()
    assert 'href="/registry/imports/"' not in listing.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_bad_file_lists_every_error_and_writes_nothing(
    client, django_capture_on_commit_callbacks
) -> None:
    client.force_login(people.county_officer_qingxu())
    good, bad = make_uscc(1), make_uscc(2)[:-1] + ("0" if make_uscc(2)[-1] != "0" else "1")
    body = f"{good},清徐好企业有限公司,140121,C1462,10\n{bad},清徐坏企业有限公司,999999,C1462,-3\n"

    response = upload(client, csv_file(body), django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/registry/imports/{batch.pk}/"
    assert batch.state == ImportBatch.State.REJECTED
    assert Enterprise.objects.count() == 0
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "文件中有错误，未写入任何数据。" in html
    assert len(batch.errors) >= 3  # check character, region, negative employees
    for error in batch.errors:
        assert error["reason"] in html
    assert '<td class="text-end qs-nowrap">3</td>' in html  # Excel row number of the bad row
    assert f"/registry/imports/{batch.pk}/report.xlsx" in html
    assert "新增 0、更新 0、未变 0、拒绝 1" in html


def test_the_error_report_downloads_as_xlsx(client, django_capture_on_commit_callbacks) -> None:
    from openpyxl import load_workbook

    client.force_login(people.county_officer_qingxu())
    upload(client, csv_file("X,清徐企业,140121,,1\n"), django_capture_on_commit_callbacks)
    batch = ImportBatch.objects.get()

    response = client.get(f"/registry/imports/{batch.pk}/report.xlsx")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames


def test_a_good_file_imports_and_shows_the_counts(
    client, django_capture_on_commit_callbacks
) -> None:
    EnterpriseFactory(
        uscc=make_uscc(3),
        name="清徐老企业有限公司",
        region_id="140121",
        industry_id="C1462",
        employees=5,
    )
    client.force_login(people.county_officer_qingxu())
    body = (
        f"{make_uscc(1)},清徐新企业一有限公司,140121,C1462,10\n"
        f"{make_uscc(2)},清徐新企业二有限公司,140121,C1462,20\n"
        f"{make_uscc(3)},清徐老企业有限公司,140121,C1462,30\n"
    )

    response = upload(client, csv_file(body), django_capture_on_commit_callbacks)

    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.COMMITTED
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (2, 1, 0)
    assert Enterprise.objects.count() == 3
    assert Enterprise.objects.get(uscc=make_uscc(3)).employees == 30
    html = client.get(response["Location"]).content.decode()
    assert "导入完成。" in html
    assert "新增 2、更新 1、未变 0、拒绝 0" in html
    assert "没有错误。" in html
    assert 'hx-trigger="every 1s"' not in html  # finished: no more polling
    listing = client.get(PAGE).content.decode()
    assert "企业.csv" in listing


def test_dry_run_writes_nothing(client, django_capture_on_commit_callbacks) -> None:
    client.force_login(people.county_officer_qingxu())

    upload(
        client,
        csv_file(f"{make_uscc(1)},清徐企业有限公司,140121,C1462,10\n"),
        django_capture_on_commit_callbacks,
        dry_run="on",
    )

    batch = ImportBatch.objects.get()
    assert batch.state == ImportBatch.State.DRY_RUN
    assert batch.created_count == 1
    assert Enterprise.objects.count() == 0
    html = client.get(f"/registry/imports/{batch.pk}/").content.decode()
    assert "校验通过（仅校验，未写入数据库）" in html


def test_a_running_batch_shows_a_polling_progress_bar(client) -> None:
    from qstrong.core.services import job_create

    officer = people.county_officer_qingxu()
    client.force_login(officer)
    job = job_create(kind="import", title="x", params={}, actor=officer)
    batch = ImportBatch.objects.create(
        kind="enterprises", filename="a.csv", sha256="0" * 64, created_by=officer, job=job
    )

    html = client.get(f"/registry/imports/{batch.pk}/").content.decode()

    assert f'hx-get="/jobs/{job.pk}/progress/?reload=1"' in html
    assert 'hx-trigger="every 1s"' in html
    assert 'role="progressbar"' in html


def test_a_wrong_file_type_is_a_clear_error_not_a_500(client) -> None:
    client.force_login(people.county_officer_qingxu())

    pdf = client.post(PAGE, {"kind": "enterprises", "file": SimpleUploadedFile("a.pdf", b"%PDF")})
    fake = client.post(
        PAGE, {"kind": "enterprises", "file": SimpleUploadedFile("a.xlsx", b"not a zip")}
    )

    assert pdf.status_code == 400
    assert "不支持的文件类型“.pdf”，请上传 .xlsx 或 .csv 文件。" in pdf.content.decode()
    assert fake.status_code == 400
    assert "文件不是有效的 Excel（.xlsx）文件。" in fake.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_file_over_the_limit_is_refused(client, settings) -> None:
    settings.QSTRONG_IMPORT_MAX_BYTES = 1024
    client.force_login(people.county_officer_qingxu())

    response = client.post(PAGE, {"kind": "enterprises", "file": csv_file("x" * 2000)})

    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert "文件过大（2.0\xa0KB），上限为 1.0\xa0KB。" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_batches_of_another_bureau_are_hidden(client, django_capture_on_commit_callbacks) -> None:
    client.force_login(people.county_officer_qingxu())
    upload(
        client,
        csv_file(f"{make_uscc(1)},清徐企业有限公司,140121,C1462,10\n"),
        django_capture_on_commit_callbacks,
    )
    batch = ImportBatch.objects.get()
    client.force_login(people.county_officer_taigu())

    listing = client.get(PAGE).content.decode()
    detail = client.get(f"/registry/imports/{batch.pk}/")
    report = client.get(f"/registry/imports/{batch.pk}/report.xlsx")
    client.force_login(people.province_planner())
    province = client.get(f"/registry/imports/{batch.pk}/")

    assert "清徐" not in listing and "企业.csv" not in listing
    assert detail.status_code == 404
    assert report.status_code == 404
    assert province.status_code == 200
