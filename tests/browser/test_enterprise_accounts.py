"""Browser: issue 12's flow. A bureau invites an enterprise; its user opens the link, sets up the
second factor, reads and claims a pushed policy, raises a need and asks to add ISO9001 with a
certificate scan; the county officer approves, the enterprise is re-matched and the certification
policy is pushed to it. In the second test the officer rejects and nothing that decides
eligibility changes."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django_otp.oath import totp

from qstrong.accounts.models import TwoFactorPolicy, User
from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu
from qstrong.casework.models import Need
from qstrong.changes.models import ChangeRequest
from qstrong.policies.matching import match_run
from qstrong.policies.models import Delivery, Push
from qstrong.policies.tests.factories import published_policy
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import EnterpriseFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Qingxu-Cu-2026!"
# A real, tiny PNG: the certificate scan the enterprise attaches.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _world() -> Enterprise:
    enterprise = EnterpriseFactory(
        name="清徐老陈醋酿造有限公司", employees=356, certifications=["ISO14001"]
    )
    published_policy(
        code="QS-2026-01",
        title="质量提升快享奖励",
        delivery=Delivery.FAST,
        rule={
            "all": [
                {"field": "region", "op": "within", "value": "140100"},
                {"field": "employees", "op": "ge", "value": 20},
            ]
        },
        summary="对太原市从业人员 20 人以上的企业给予质量提升奖励。",
    )
    published_policy(
        code="QS-2026-09",
        title="质量管理体系认证补助",
        rule={"field": "certifications", "op": "contains", "value": "ISO9001"},
    )
    match_run(push=True)
    TwoFactorPolicy.objects.update_or_create(role="enterprise_user", defaults={"required": True})
    return enterprise


def _sign_out(page: Any) -> None:
    page.context.clear_cookies()


def _invite_and_join(page: Any, enterprise: Enterprise, username: str) -> None:
    """The county officer invites by USCC; the enterprise's person opens the link and joins,
    then signs in and binds an authenticator (the second factor is required for its role)."""
    log_in(page, county_officer_qingxu().username, PASSWORD)
    page.goto("/portal/invite/")
    page.fill("#id_uscc", enterprise.uscc)
    page.get_by_test_id("invite-submit").click()
    link = page.get_by_test_id("invite-link").inner_text().strip()
    screenshot(page, "accounts-invite")
    _sign_out(page)

    page.goto(link)
    page.fill("#id_username", username)
    page.fill("#id_display_name", "王会计")
    page.fill("#id_password", NEW_PASSWORD)
    page.get_by_test_id("join-submit").click()
    page.get_by_text("账户已创建，请登录。").wait_for()

    log_in(page, username, NEW_PASSWORD)
    page.get_by_test_id("otp-secret").wait_for()
    screenshot(page, "accounts-otp-setup")
    secret = page.get_by_test_id("otp-secret").inner_text().replace(" ", "").strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("input[name=token]", f"{totp(key):06d}")
    page.get_by_test_id("otp-submit").click()
    page.wait_for_url("**/portal/**")


def _ask_for_iso9001(page: Any, tmp_path: Any) -> None:
    scan = tmp_path / "ISO9001证书.png"
    scan.write_bytes(PNG)
    page.goto("/changes/new/")
    page.fill("#id_certifications", "ISO14001；ISO9001")
    page.get_by_test_id("evidence").set_input_files(str(scan))
    page.get_by_test_id("submit-change").click()
    page.get_by_test_id("change-diff").wait_for()
    screenshot(page, "accounts-change-submitted")


def test_invited_enterprise_claims_asks_and_is_rematched_after_approval(
    page: Any, tmp_path: Any
) -> None:
    enterprise = _world()
    assert list(Push.objects.filter(enterprise=enterprise).values_list("policy__code", flat=True))
    assert not Push.objects.filter(enterprise=enterprise, policy__code="QS-2026-09").exists()
    _invite_and_join(page, enterprise, "qx_vinegar")
    user = User.objects.get(username="qx_vinegar")
    assert user.organisation is not None and user.organisation.enterprise_id == enterprise.pk

    # The pushed policy, why it fits, claimed.
    page.goto("/portal/")
    page.get_by_role("link", name="质量提升快享奖励").click()
    explanation = page.get_by_test_id("explanation").inner_text()
    assert "从业人员 ≥ 20人：是（实际 356人）" in explanation
    page.get_by_test_id("push-action").click()
    page.get_by_text("已认领，主管部门将尽快办理兑现。").wait_for()
    screenshot(page, "accounts-claimed")

    # A need, raised in the enterprise's own name.
    page.goto("/casework/needs/new/")
    page.fill("#id_description", "希望协助开展 ISO 9001 质量管理体系内审员培训")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/casework/needs/**")
    need = Need.objects.get(enterprise=enterprise)
    assert "内审员培训" in need.description

    # ISO9001 asked for with its certificate scan: nothing changes until an officer approves.
    _ask_for_iso9001(page, tmp_path)
    change = ChangeRequest.objects.get(enterprise=enterprise)
    enterprise.refresh_from_db()
    assert enterprise.certifications == ["ISO14001"]
    assert not Push.objects.filter(enterprise=enterprise, policy__code="QS-2026-09").exists()
    _sign_out(page)

    log_in(page, county_officer_qingxu().username, PASSWORD)
    page.goto(f"/changes/{change.pk}/")
    assert "ISO9001" in page.get_by_test_id("change-diff").inner_text()
    assert "ISO9001证书.png" in page.get_by_test_id("change-files").inner_text()
    screenshot(page, "accounts-change-review")
    page.get_by_test_id("approve-change").click()
    page.get_by_test_id("change-events").wait_for()

    enterprise.refresh_from_db()
    assert sorted(enterprise.certifications) == ["ISO14001", "ISO9001"]
    assert Push.objects.filter(enterprise=enterprise, policy__code="QS-2026-09").exists()
    _sign_out(page)

    # The enterprise signs in again (second factor) and finds the newly eligible policy.
    log_in(page, "qx_vinegar", NEW_PASSWORD)
    device_key = user.totpdevice_set.get().bin_key
    # The next step's code: the one just used is never accepted twice (replay protection).
    page.fill("input[name=token]", f"{totp(device_key, drift=1):06d}")
    page.get_by_test_id("otp-submit").click()
    page.goto("/portal/")
    page.get_by_role("link", name="质量管理体系认证补助").wait_for()
    screenshot(page, "accounts-rematched")


def test_a_rejected_change_changes_nothing_and_says_why(page: Any, tmp_path: Any) -> None:
    enterprise = _world()
    _invite_and_join(page, enterprise, "qx_vinegar2")
    _ask_for_iso9001(page, tmp_path)
    change = ChangeRequest.objects.get(enterprise=enterprise)
    _sign_out(page)

    log_in(page, county_officer_qingxu().username, PASSWORD)
    page.goto(f"/changes/{change.pk}/")
    page.fill("#id_reason", "证书扫描件不清晰，请上传认证机构出具的原件扫描件")
    page.get_by_test_id("reject-change").click()
    page.get_by_test_id("change-reason").wait_for()
    _sign_out(page)

    enterprise.refresh_from_db()
    assert enterprise.certifications == ["ISO14001"]
    assert not Push.objects.filter(enterprise=enterprise, policy__code="QS-2026-09").exists()
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.REJECTED

    log_in(page, "qx_vinegar2", NEW_PASSWORD)
    key = User.objects.get(username="qx_vinegar2").totpdevice_set.get().bin_key
    page.fill("input[name=token]", f"{totp(key, drift=1):06d}")
    page.get_by_test_id("otp-submit").click()
    page.goto(f"/changes/{change.pk}/")
    assert "证书扫描件不清晰" in page.get_by_test_id("change-reason").inner_text()
    screenshot(page, "accounts-change-rejected")
