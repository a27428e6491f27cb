"""Pages: every one needs a login, answers 404 outside the scope, and renders inside it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.casework import services
from qstrong.casework.models import ActivityAttachment, ActivityPhoto, Need, Task, TaskEvidence
from qstrong.casework.tests.factories import ActivityFactory, NeedFactory, TaskFactory
from qstrong.registry.tests.factories import EnterpriseFactory, TownFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    """A 清徐 activity with an enterprise, a photo, an attachment; a need with a task + evidence."""
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory(name="清徐老陈醋股份有限公司")
    town = TownFactory(county_id="140121")
    activity = ActivityFactory(enterprises=[enterprise])
    photo = services.activity_photo_add(
        activity=activity,
        actor=officer,
        upload=SimpleUploadedFile("p.png", PNG),
        credit="杨智慧 摄",
    )
    attachment = services.activity_attachment_add(
        activity=activity, actor=officer, upload=SimpleUploadedFile("纪要.pdf", b"%PDF-1.4")
    )
    need = NeedFactory(enterprise=enterprise, activity=activity)
    task = TaskFactory(need=need, responsible_person=officer, due_date=dt.date(2020, 1, 1))
    evidence = services.task_evidence_add(
        task=task, actor=officer, upload=SimpleUploadedFile("证书.pdf", b"%PDF-1.4")
    )
    return {
        "officer": officer, "enterprise": enterprise, "town": town, "activity": activity,
        "photo": photo, "attachment": attachment, "need": need, "task": task, "evidence": evidence,
    }  # fmt: skip


def _scoped_urls(w: dict[str, Any]) -> list[tuple[str, str]]:
    """(method, url) of every page that shows one record."""
    a, n, t = w["activity"].pk, w["need"].pk, w["task"].pk
    return [
        ("get", reverse("casework:activity_detail", args=[a])),
        ("post", reverse("casework:activity_photo_add", args=[a])),
        ("post", reverse("casework:activity_attachment_add", args=[a])),
        ("post", reverse("casework:activity_need_add", args=[a])),
        ("get", reverse("casework:photo_file", args=[w["photo"].pk])),
        ("get", reverse("casework:attachment_file", args=[w["attachment"].pk])),
        ("get", reverse("casework:evidence_file", args=[w["evidence"].pk])),
        ("get", reverse("casework:need_detail", args=[n])),
        ("post", reverse("casework:task_create", args=[n])),
        ("get", reverse("casework:task_detail", args=[t])),
        ("post", reverse("casework:task_transition", args=[t])),
        ("post", reverse("casework:task_evidence_add", args=[t])),
        ("get", reverse("casework:enterprise_panel", args=[w["enterprise"].pk])),
    ]


def test_an_officer_of_another_county_gets_404_everywhere(world: dict[str, Any]) -> None:
    client = _client(county_officer_taigu())
    for method, url in _scoped_urls(world):
        assert getattr(client, method)(url).status_code == 404, url


def test_the_owning_officer_reads_everything(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    for method, url in _scoped_urls(world):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_pages_need_login(world: dict[str, Any]) -> None:
    for _method, url in [*_scoped_urls(world)[:1], ("get", reverse("casework:task_board"))]:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "name",
    ["activity_list", "activity_calendar", "activity_stats", "need_list", "task_list",
     "task_board", "my_overdue", "activity_create", "need_create"],
)  # fmt: skip
def test_lists_render_for_the_officer(world: dict[str, Any], name: str) -> None:
    response = _client(world["officer"]).get(reverse(f"casework:{name}"))
    assert response.status_code == 200


def test_lists_of_another_county_are_empty(world: dict[str, Any]) -> None:
    client = _client(county_officer_taigu())
    assert world["task"].action not in client.get(reverse("casework:task_board")).content.decode()
    assert (
        world["activity"].title
        not in client.get(reverse("casework:activity_list")).content.decode()
    )


def test_overdue_page_lists_the_task_for_officer_and_supervisor(world: dict[str, Any]) -> None:
    action = world["task"].action
    assert action in _client(world["officer"]).get(reverse("casework:my_overdue")).content.decode()
    page = _client(city_officer_taiyuan()).get(reverse("casework:my_overdue")).content.decode()
    assert action in page


def test_log_a_visit_raise_a_need_make_a_task(world: dict[str, Any]) -> None:
    officer, enterprise = world["officer"], world["enterprise"]
    client = _client(officer)

    response = client.post(
        reverse("casework:activity_create"),
        {"kind": "visit", "title": "入企服务", "date": "2024-05-06",
         "organisers": [officer.organisation_id], "enterprises": enterprise.uscc},
    )  # fmt: skip
    assert response.status_code == 302
    activity_url = response["Location"]
    pk = int(activity_url.rstrip("/").rsplit("/", 1)[-1])

    response = client.post(
        reverse("casework:activity_need_add", args=[pk]),
        {
            "subject": f"e:{enterprise.pk}",
            "category": "certification",
            "description": "ISO 9001 认证辅导",
        },
    )
    need = Need.objects.get(description="ISO 9001 认证辅导")
    assert response.status_code == 302 and need.activity_id == pk

    response = client.post(
        reverse("casework:task_create", args=[need.pk]),
        {"action": "组织认证辅导", "responsible_bureau": officer.organisation_id,
         "responsible_person": officer.pk, "due_date": "2024-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    assert need.tasks.get().responsible_person == officer


def test_bad_activity_form_re_renders_with_the_row_at_fault(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    response = client.post(
        reverse("casework:activity_create"),
        {"kind": "visit", "title": "x", "date": "2024-05-06",
         "organisers": [world["officer"].organisation_id],
         "enterprises": f"{world['enterprise'].uscc}\n\n不存在的公司\nXYZ"},
    )  # fmt: skip
    assert response.status_code == 422
    body = response.content.decode()
    # then: one error per line at fault, naming the line; the good line is not blamed
    assert "第 3 行：在您可见的企业中找不到“不存在的公司”。" in body
    assert "第 4 行：在您可见的企业中找不到“XYZ”。" in body
    assert "第 1 行" not in body


def test_photo_that_is_not_an_image_is_refused_on_the_page(world: dict[str, Any]) -> None:
    response = _client(world["officer"]).post(
        reverse("casework:activity_photo_add", args=[world["activity"].pk]),
        {"photo": SimpleUploadedFile("x.jpg", b"GIF89a....")},
    )
    assert response.status_code == 422
    assert "不是 JPEG、PNG 或 WebP 图片" in response.content.decode()
    assert ActivityPhoto.objects.count() == 1


def test_board_move_by_htmx_returns_the_board(world: dict[str, Any]) -> None:
    task = world["task"]
    response = _client(world["officer"]).post(
        reverse("casework:task_transition", args=[task.pk]),
        {"to_state": "in_progress"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="task-board"' in response.content.decode()
    task.refresh_from_db()
    assert task.state == Task.State.IN_PROGRESS


def test_illegal_move_on_the_task_page_says_why(world: dict[str, Any]) -> None:
    task = world["task"]
    response = _client(world["officer"]).post(
        reverse("casework:task_transition", args=[task.pk]), {"to_state": "verified"}
    )
    assert response.status_code == 422
    assert "任务不能从“待办”变为“已核验”" in response.content.decode()


def test_leader_cannot_write(world: dict[str, Any]) -> None:
    client = _client(leader())
    assert client.get(reverse("casework:activity_create")).status_code == 403
    response = client.post(
        reverse("casework:task_transition", args=[world["task"].pk]), {"to_state": "in_progress"}
    )
    assert response.status_code == 403


def test_enterprise_user_sees_own_needs_without_internal_notes(world: dict[str, Any]) -> None:
    task = world["task"]
    Task.objects.filter(pk=task.pk).update(internal_note="内部：领导关注")
    client = _client(enterprise_user(world["enterprise"]))
    page = client.get(reverse("casework:task_detail", args=[task.pk])).content.decode()
    assert task.action in page and "内部：领导关注" not in page
    assert (
        client.get(reverse("casework:activity_detail", args=[world["activity"].pk])).status_code
        == 404
    )
    panel = client.get(reverse("casework:enterprise_panel", args=[world["enterprise"].pk]))
    assert world["activity"].title in panel.content.decode()
    response = client.post(
        reverse("casework:need_create"), {"category": "metrology", "description": "计量检定"}
    )
    assert response.status_code == 302
    assert Need.objects.get(description="计量检定").source == Need.Source.PORTAL


def test_export_has_three_sheets_filtered_by_enterprise(world: dict[str, Any]) -> None:
    NeedFactory(enterprise=EnterpriseFactory())  # another enterprise's need
    response = _client(world["officer"]).get(
        reverse("casework:lists_export") + f"?enterprise={world['enterprise'].pk}"
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["需求清单", "任务清单", "责任清单"]
    assert book["需求清单"].max_row == 2 and book["任务清单"].max_row == 2


def test_town_and_chain_panels(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    assert client.get(reverse("casework:town_panel", args=[world["town"].code])).status_code == 200
    assert client.get(reverse("casework:chain_panel", args=["nope"])).status_code == 404


def test_files_are_served_only_in_scope(world: dict[str, Any]) -> None:
    response = _client(world["officer"]).get(
        reverse("casework:photo_file", args=[world["photo"].pk])
    )
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert ActivityAttachment.objects.count() == 1 and TaskEvidence.objects.count() == 1


def test_a_photo_or_attachment_whose_file_is_gone_answers_404(world: dict[str, Any]) -> None:
    """A row that outlived its file (a partial restore, a file removed by hand) is not a 500."""
    world["photo"].file.storage.delete(world["photo"].file.name)
    world["attachment"].file.storage.delete(world["attachment"].file.name)
    client = _client(world["officer"])
    assert client.get(reverse("casework:photo_file", args=[world["photo"].pk])).status_code == 404
    attachment_url = reverse("casework:attachment_file", args=[world["attachment"].pk])
    assert client.get(attachment_url).status_code == 404
