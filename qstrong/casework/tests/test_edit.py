"""Editing an activity, removing its files by archiving, and the enterprise picker."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qstrong.accounts.models import Organisation, Role
from qstrong.accounts.tests.factories import (
    UserFactory,
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.casework import selectors, services
from qstrong.casework.forms import ActivityForm
from qstrong.casework.models import ActivityAttachment, ActivityPhoto, Provenance
from qstrong.casework.tests.factories import ActivityFactory, taigu_bureau
from qstrong.core.models import AuditEvent
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory(name="清徐老陈醋股份有限公司", uscc=make_uscc(1))
    other = EnterpriseFactory(name="山西清徐葡萄酒有限公司", uscc=make_uscc(2))
    activity = ActivityFactory(enterprises=[enterprise], title="入企服务（老陈醋）")
    photo = services.activity_photo_add(
        activity=activity, actor=officer, upload=SimpleUploadedFile("p.png", PNG), caption="现场"
    )
    attachment = services.activity_attachment_add(
        activity=activity, actor=officer, upload=SimpleUploadedFile("纪要.pdf", b"%PDF-1.4")
    )
    return {
        "officer": officer, "enterprise": enterprise, "other": other, "activity": activity,
        "photo": photo, "attachment": attachment,
    }  # fmt: skip


def _post_data(w: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "diagnosis", "title": "把脉问诊（老陈醋）", "date": "2024-04-12",
        "place": "清徐县孟封镇", "organisers": [w["officer"].organisation_id],
        "enterprise_ids": [w["enterprise"].pk, w["other"].pk], "participants": "张三、李四",
        "participant_count": "5", "summary": "了解认证需求",
    }  # fmt: skip
    data.update(changes)
    return data


# --- service -----------------------------------------------------------------------------------


def test_organiser_edits_and_the_audit_keeps_before_and_after(world: dict[str, Any]) -> None:
    # given: the 清徐 activity with one enterprise
    activity, officer = world["activity"], world["officer"]
    form = ActivityForm(_post_data(world), user=officer, activity=activity)
    assert form.is_valid(), form.errors
    # when: its organiser edits it
    changed = services.activity_update(activity=activity, actor=officer, data=form.data_object())
    # then: the record and the audit trail both say what changed
    activity.refresh_from_db()
    assert changed is True
    assert activity.title == "把脉问诊（老陈醋）"
    assert activity.kind == "diagnosis"
    assert sorted(activity.enterprises.values_list("name", flat=True)) == [
        "山西清徐葡萄酒有限公司",
        "清徐老陈醋股份有限公司",
    ]
    event = AuditEvent.objects.filter(
        object_type="casework.outreachactivity", action=AuditEvent.Action.UPDATE
    ).latest("pk")
    assert event.changes["title"] == ["入企服务（老陈醋）", "把脉问诊（老陈醋）"]
    assert event.changes["enterprises"] == [
        ["清徐老陈醋股份有限公司"],
        ["清徐老陈醋股份有限公司", "山西清徐葡萄酒有限公司"],
    ]
    assert event.actor == officer


def test_an_unchanged_edit_writes_no_audit_event(world: dict[str, Any]) -> None:
    activity, officer = world["activity"], world["officer"]
    form = ActivityForm(None, user=officer, activity=activity)
    bound = ActivityForm(
        {**form.initial, "date": activity.date.isoformat()}, user=officer, activity=activity
    )
    assert bound.is_valid(), bound.errors
    before = AuditEvent.objects.count()
    changed = services.activity_update(activity=activity, actor=officer, data=bound.data_object())
    assert changed is False
    assert AuditEvent.objects.count() == before


def test_edit_keeps_provenance(world: dict[str, Any]) -> None:
    activity = world["activity"]
    activity.source, activity.source_note = Provenance.ARTICLE, "报道：4月12日"
    activity.save()
    form = ActivityForm(_post_data(world), user=world["officer"], activity=activity)
    assert form.is_valid()
    services.activity_update(activity=activity, actor=world["officer"], data=form.data_object())
    activity.refresh_from_db()
    assert (activity.source, activity.source_note) == (Provenance.ARTICLE, "报道：4月12日")


def test_city_above_the_organiser_may_edit_another_county_may_not(world: dict[str, Any]) -> None:
    form = ActivityForm(_post_data(world), user=world["officer"], activity=world["activity"])
    assert form.is_valid()
    data = form.data_object()
    # a city officer above the 清徐 bureau may
    services.activity_update(activity=world["activity"], actor=city_officer_taiyuan(), data=data)
    # a 太谷 officer, a leader may not
    for actor in (county_officer_taigu(), leader()):
        with pytest.raises(PermissionDenied):
            services.activity_update(activity=world["activity"], actor=actor, data=data)


def test_a_county_beside_the_organiser_in_the_same_city_may_not_edit(
    world: dict[str, Any],
) -> None:
    # given: an officer of 小店区 (also Taiyuan) who did not organise the activity
    org = Organisation.objects.create(
        name="太原市小店区市场监督管理局", kind=Organisation.Kind.BUREAU,
        level=Organisation.Level.COUNTY, region_id="140105",
    )  # fmt: skip
    xiaodian = UserFactory(username="xiaodian", organisation=org, role=Role.COUNTY_OFFICER)
    form = ActivityForm(_post_data(world), user=world["officer"], activity=world["activity"])
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        services.activity_update(
            activity=world["activity"], actor=xiaodian, data=form.data_object()
        )


def test_edit_keeps_a_subject_outside_the_editors_jurisdiction(world: dict[str, Any]) -> None:
    # given: a joint activity the city added a 太谷 enterprise to
    taigu_enterprise = EnterpriseFactory(
        name="太谷饼业", region_id="140703", uscc=make_uscc(3, "140703")
    )
    activity = world["activity"]
    activity.enterprises.add(taigu_enterprise)
    activity.organisers.add(taigu_bureau())
    # when: the 清徐 officer edits the title and keeps the subjects
    data = _post_data(world, enterprise_ids=[world["enterprise"].pk, taigu_enterprise.pk])
    data["organisers"] = [o.pk for o in activity.organisers.all()]
    form = ActivityForm(data, user=world["officer"], activity=activity)
    assert form.is_valid(), form.errors
    services.activity_update(activity=activity, actor=world["officer"], data=form.data_object())
    # then: the 太谷 enterprise stays
    assert set(activity.enterprises.all()) == {world["enterprise"], taigu_enterprise}


def test_photo_archive_needs_a_reason_and_keeps_the_file(world: dict[str, Any]) -> None:
    photo, officer = world["photo"], world["officer"]
    with pytest.raises(ValidationError):
        services.activity_photo_archive(photo=photo, actor=officer, reason="  ")
    services.activity_photo_archive(photo=photo, actor=officer, reason="拍错了活动")
    photo.refresh_from_db()
    assert photo.archived_at is not None
    assert photo.archive_reason == "拍错了活动"
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()
    event = AuditEvent.objects.get(
        object_type="casework.activityphoto", action=AuditEvent.Action.ARCHIVE
    )
    assert event.note == "拍错了活动"
    # and a second removal is refused
    with pytest.raises(ValidationError):
        services.activity_photo_archive(photo=photo, actor=officer, reason="再来一次")


def test_attachment_archive_by_another_county_is_refused(world: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.activity_attachment_archive(
            attachment=world["attachment"], actor=county_officer_taigu(), reason="x"
        )


# --- pages -------------------------------------------------------------------------------------


def test_edit_page_is_prefilled(world: dict[str, Any]) -> None:
    response = _client(world["officer"]).get(
        reverse("casework:activity_edit", args=[world["activity"].pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="入企服务（老陈醋）"' in body
    assert f'name="enterprise_ids" value="{world["enterprise"].pk}"' in body
    assert "清徐老陈醋股份有限公司" in body


def test_edit_page_saves_and_shows_the_history(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    url = reverse("casework:activity_edit", args=[world["activity"].pk])
    response = client.post(url, _post_data(world))
    assert response.status_code == 302
    detail = client.get(reverse("casework:activity_detail", args=[world["activity"].pk]))
    body = detail.content.decode()
    assert 'data-testid="activity-history"' in body
    assert "<del>入企服务（老陈醋）</del> → 把脉问诊（老陈醋）" in body


def test_edit_page_with_an_invalid_enterprise_id_re_renders(world: dict[str, Any]) -> None:
    taigu_enterprise = EnterpriseFactory(region_id="140703", uscc=make_uscc(4, "140703"))
    response = _client(world["officer"]).post(
        reverse("casework:activity_edit", args=[world["activity"].pk]),
        _post_data(world, enterprise_ids=[taigu_enterprise.pk]),
    )
    assert response.status_code == 422
    assert "所选企业不存在或不在您的可见范围内。" in response.content.decode()


@pytest.mark.parametrize("name", ["activity_edit", "photo_archive", "attachment_archive"])
def test_new_endpoints_answer_404_to_another_county(world: dict[str, Any], name: str) -> None:
    key = {"activity_edit": "activity", "photo_archive": "photo"}.get(name, "attachment")
    url = reverse(f"casework:{name}", args=[world[key].pk])
    client = _client(county_officer_taigu())
    assert client.get(url).status_code == (404 if name == "activity_edit" else 405)
    assert client.post(url, {"reason": "x"}).status_code == 404
    # and to an enterprise user (activities are internal)
    ent = _client(enterprise_user(world["enterprise"]))
    assert ent.post(url, {"reason": "x"}).status_code == 404


def test_leader_gets_403_on_edit_and_sees_no_edit_button(world: dict[str, Any]) -> None:
    client = _client(leader())
    url = reverse("casework:activity_edit", args=[world["activity"].pk])
    assert client.get(url).status_code == 403
    detail = client.get(reverse("casework:activity_detail", args=[world["activity"].pk]))
    assert 'data-testid="activity-edit"' not in detail.content.decode()


def test_archive_page_hides_the_photo_and_lists_it_as_removed(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    url = reverse("casework:photo_archive", args=[world["photo"].pk])
    assert client.post(url, {"reason": ""}).status_code == 302
    assert ActivityPhoto.objects.get(pk=world["photo"].pk).archived_at is None
    assert client.post(url, {"reason": "重复上传"}).status_code == 302
    body = client.get(reverse("casework:activity_detail", args=[world["activity"].pk])).content
    text = body.decode()
    assert 'data-testid="removed-files"' in text
    assert "原因：重复上传" in text
    # the removed file is still served (it is evidence)
    file_url = reverse("casework:photo_file", args=[world["photo"].pk])
    assert client.get(file_url).status_code == 200
    shown = selectors.activity_detail(user=world["officer"], pk=world["activity"].pk)
    assert list(shown.photos.all()) == []


def test_attachment_archive_page(world: dict[str, Any]) -> None:
    url = reverse("casework:attachment_archive", args=[world["attachment"].pk])
    assert _client(world["officer"]).post(url, {"reason": "错误文件"}).status_code == 302
    assert ActivityAttachment.objects.get(pk=world["attachment"].pk).archive_reason == "错误文件"


# --- picker ------------------------------------------------------------------------------------


def test_picker_searches_names_and_uscc_within_the_scope(world: dict[str, Any]) -> None:
    EnterpriseFactory(name="清徐饼业（太谷）", region_id="140703", uscc=make_uscc(5, "140703"))
    client = _client(world["officer"])
    url = reverse("casework:enterprise_search")
    by_name = client.get(url, {"q": "清徐"}).json()
    assert [r["name"] for r in by_name["results"]] == [
        "清徐老陈醋股份有限公司",
        "山西清徐葡萄酒有限公司",
    ]
    by_uscc = client.get(url, {"q": world["other"].uscc[:12]}).json()
    # ordered by name: 山 (U+5C71) before 清 (U+6E05)
    assert [r["id"] for r in by_uscc["results"]] == [world["other"].pk, world["enterprise"].pk]
    exact = client.get(url, {"q": world["other"].uscc.lower()}).json()
    assert exact["results"][0]["id"] == world["other"].pk
    assert client.get(url, {"q": ""}).json()["results"] == []


def test_picker_shows_another_county_nothing_and_stops_at_20(world: dict[str, Any]) -> None:
    url = reverse("casework:enterprise_search")
    assert _client(county_officer_taigu()).get(url, {"q": "清徐"}).json()["results"] == []
    for n in range(25):
        EnterpriseFactory(name=f"清徐测试企业{n:02d}", uscc=make_uscc(100 + n))
    found = _client(world["officer"]).get(url, {"q": "清徐测试"}).json()["results"]
    assert len(found) == 20


def test_picker_needs_a_login() -> None:
    response = Client().get(reverse("casework:enterprise_search"), {"q": "清徐"})
    assert response.status_code == 302


def test_need_form_takes_the_picked_enterprise(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    response = client.post(
        reverse("casework:need_create"),
        {"enterprise_ids": [world["other"].pk], "category": "quality",
         "description": "需要计量器具检定", "source": "visit"},
    )  # fmt: skip
    assert response.status_code == 302
    assert world["other"].needs.get().description == "需要计量器具检定"
    two = client.post(
        reverse("casework:need_create"),
        {"enterprise_ids": [world["other"].pk, world["enterprise"].pk], "category": "quality",
         "description": "x", "source": "visit"},
    )  # fmt: skip
    assert two.status_code == 422
    assert "一项需求只对应一家企业。" in two.content.decode()
