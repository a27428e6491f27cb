"""Change requests: submit with evidence, nothing changes until an officer of the region approves
(registry updated, audited under both, re-matched, newly eligible policy pushed) or rejects."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qstrong.accounts.tests import factories as people
from qstrong.changes import services
from qstrong.changes.models import ChangeRequest, ChangeRequestEvent
from qstrong.core.models import AppendOnlyError, AuditEvent
from qstrong.policies.models import Push
from qstrong.policies.tests.factories import published_policy
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def scan(name: str = "iso9001.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def world() -> dict[str, Any]:
    vinegar = EnterpriseFactory(
        name="清徐老陈醋有限公司", region_id="140121", employees=50, certifications=[]
    )
    return {
        "vinegar": vinegar,
        "owner": people.enterprise_user(vinegar),
        "qingxu": people.county_officer_qingxu(),
        "taigu": people.county_officer_taigu(),
        "other_owner": people.enterprise_user(EnterpriseFactory(region_id="140703")),
    }


def submit(world: dict[str, Any], **data: Any) -> ChangeRequest:
    return services.change_request_submit(
        enterprise=world["vinegar"],
        data=data or {"certifications": ["ISO9001"]},
        files=[scan()],
        actor=world["owner"],
        note="新取得证书",
    )


def test_a_request_changes_nothing_until_approved(world: dict[str, Any]) -> None:
    change = submit(world, certifications=["ISO9001"], employees=60)

    vinegar = Enterprise.objects.get(pk=world["vinegar"].pk)
    assert (vinegar.certifications, vinegar.employees) == ([], 50)
    assert change.changes == {"certifications": [[], ["ISO9001"]], "employees": [50, 60]}
    assert change.files.get().sha256 and change.files.get().content_type == "application/pdf"
    assert list(change.events.values_list("to_state", flat=True)) == ["pending"]


def test_approval_writes_through_the_registry_audits_both_and_pushes_the_new_policy(
    world: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    policy = published_policy(
        code="QS-ISO", rule={"field": "certifications", "op": "contains", "value": "ISO9001"}
    )
    change = submit(world)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_approve(change_request=change, actor=world["qingxu"])

    vinegar = Enterprise.objects.get(pk=world["vinegar"].pk)
    assert vinegar.certifications == ["ISO9001"]
    registry_event = AuditEvent.objects.filter(
        object_type="registry.enterprise", object_id=str(vinegar.pk)
    ).latest("id")
    assert registry_event.actor == world["qingxu"]
    assert registry_event.changes == {"certifications": [[], ["ISO9001"]]}
    assert world["owner"].username in registry_event.note
    submitted = AuditEvent.objects.get(object_type="changes.changerequest", action="create")
    assert submitted.actor == world["owner"]
    assert Push.objects.filter(enterprise=vinegar, policy=policy).exists()
    change.refresh_from_db()
    assert (change.state, change.decided_by) == ("approved", world["qingxu"])


def test_rejection_needs_a_reason_and_changes_nothing(world: dict[str, Any]) -> None:
    change = submit(world)
    with pytest.raises(ValidationError):
        services.change_request_reject(change_request=change, actor=world["qingxu"], reason=" ")

    officer = world["qingxu"]
    services.change_request_reject(change_request=change, actor=officer, reason="证书号查无")

    assert Enterprise.objects.get(pk=world["vinegar"].pk).certifications == []
    change.refresh_from_db()
    assert (change.state, change.reason) == ("rejected", "证书号查无")
    with pytest.raises(ValidationError, match="不能再审核"):
        services.change_request_approve(change_request=change, actor=world["qingxu"])


def test_only_an_officer_of_the_region_decides(world: dict[str, Any]) -> None:
    change = submit(world)
    for outsider in (world["taigu"], world["owner"], people.leader()):
        with pytest.raises(PermissionDenied):
            services.change_request_approve(change_request=change, actor=outsider)
    assert ChangeRequest.objects.get(pk=change.pk).state == "pending"


def test_refusals_name_the_problem(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="佐证材料"):
        services.change_request_submit(
            enterprise=world["vinegar"], data={"employees": 60}, files=[], actor=world["owner"]
        )
    with pytest.raises(ValidationError, match="不是 PDF、JPEG 或 PNG"):
        services.change_request_submit(
            enterprise=world["vinegar"],
            data={"employees": 60},
            files=[scan("fake.pdf", b"MZ\x90\x00 not a pdf")],
            actor=world["owner"],
        )
    with pytest.raises(ValidationError, match="name"):
        services.change_request_submit(
            enterprise=world["vinegar"], data={"name": "改名"}, files=[scan()], actor=world["owner"]
        )
    with pytest.raises(ValidationError, match="没有需要变更"):
        services.change_request_submit(
            enterprise=world["vinegar"],
            data={"employees": 50},
            files=[scan()],
            actor=world["owner"],
        )
    with pytest.raises(PermissionDenied):
        services.change_request_submit(
            enterprise=world["vinegar"],
            data={"employees": 60},
            files=[scan()],
            actor=world["other_owner"],
        )
    submit(world)
    with pytest.raises(ValidationError, match="待审核"):
        submit(world, employees=70)
    assert ChangeRequest.objects.count() == 1


def test_the_size_limit_is_a_setting(world: dict[str, Any], settings: Any) -> None:
    settings.QSTRONG_CHANGE_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="超过大小上限"):
        submit(world)


def test_events_are_append_only(world: dict[str, Any]) -> None:
    event = ChangeRequestEvent.objects.get(change_request=submit(world))
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


# --- pages -----------------------------------------------------------------------------------


def test_the_enterprise_submits_on_its_page_and_sees_the_reason(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["owner"])
    form = client.get("/changes/new/")
    assert form.status_code == 200

    served = {k: "" if v is None else str(v) for k, v in form.context["form"].initial.items()}

    response = client.post(
        "/changes/new/",
        {**served, "certifications": "ISO9001", "note": "新证书", "evidence": scan()},
    )

    change = ChangeRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/changes/{change.pk}/"
    assert change.changes == {"certifications": [[], ["ISO9001"]]}
    services.change_request_reject(change_request=change, actor=world["qingxu"], reason="证书过期")
    home = client.get("/portal/").content.decode()
    assert "证书过期" in home
    file_id = change.files.get().pk
    assert client.get(f"/changes/evidence/{file_id}/").status_code == 200


def test_the_officer_queue_counts_and_decides_and_other_counties_get_404(
    world: dict[str, Any],
) -> None:
    change = submit(world)
    officer, other = Client(), Client()
    officer.force_login(world["qingxu"])
    other.force_login(world["taigu"])

    queue = officer.get("/changes/").content.decode()
    assert 'data-testid="count-pending">1<' in queue and "清徐老陈醋有限公司" in queue
    assert "清徐老陈醋有限公司" not in other.get("/changes/").content.decode()
    file_id = change.files.get().pk
    for url in (f"/changes/{change.pk}/", f"/changes/evidence/{file_id}/"):
        assert other.get(url).status_code == 404
    assert other.post(f"/changes/{change.pk}/decide/", {"decision": "approve"}).status_code == 404
    assert officer.get(f"/changes/{change.pk}/").status_code == 200

    officer.post(f"/changes/{change.pk}/decide/", {"decision": "approve"})

    assert Enterprise.objects.get(pk=world["vinegar"].pk).certifications == ["ISO9001"]


def test_the_registry_form_no_longer_changes_eligibility_facts_directly(
    world: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(world["owner"])
    response = client.patch(
        f"/api/enterprises/{world['vinegar'].uscc}",
        {"employees": 999},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Enterprise.objects.get(pk=world["vinegar"].pk).employees == 50


# --- API -------------------------------------------------------------------------------------


def test_the_api_submits_lists_approves_and_scopes(world: dict[str, Any]) -> None:
    owner, officer, other = Client(), Client(), Client()
    owner.force_login(world["owner"])
    officer.force_login(world["qingxu"])
    other.force_login(world["taigu"])

    created = owner.post(
        "/api/changes/",
        {"certifications": "ISO9001、ISO14001", "note": "两张证书", "evidence": [scan()]},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert [(c["field"], c["after"]) for c in body["changes"]] == [
        ("certifications", "ISO14001、ISO9001")
    ]
    change_id = body["id"]
    again = owner.post("/api/changes/", {"employees": "70", "evidence": [scan()]})
    assert again.status_code == 409

    listing = officer.get("/api/changes/?state=pending").json()
    assert (listing["total"], listing["counts"]["pending"]) == (1, 1)
    assert other.get(f"/api/changes/{change_id}").status_code == 404
    assert other.post(f"/api/changes/{change_id}/approve").status_code == 404
    assert owner.post(f"/api/changes/{change_id}/approve").status_code == 403
    assert officer.get("/api/changes/?limit=0").status_code == 422

    approved = officer.post(f"/api/changes/{change_id}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert officer.post(f"/api/changes/{change_id}/approve").status_code == 409
    assert Enterprise.objects.get(pk=world["vinegar"].pk).certifications == [
        "ISO14001",
        "ISO9001",
    ]


def test_the_api_rejects_with_a_reason(world: dict[str, Any]) -> None:
    change = submit(world)
    officer = Client()
    officer.force_login(world["qingxu"])
    url = f"/api/changes/{change.pk}/reject"
    assert officer.post(url, {}, content_type="application/json").status_code == 422
    response = officer.post(url, {"reason": "证书号不符"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["reason"] == "证书号不符"
