"""Policy services: drafts, dated rule versions, publish / withdraw, events, attachments."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qstrong.accounts.tests.factories import county_officer_qingxu, leader, province_planner
from qstrong.core.models import AuditEvent
from qstrong.policies import services
from qstrong.policies.models import MatchResult, MatchRun, Policy, PolicyEvent
from qstrong.policies.tests.factories import EMPLOYEES_20_RULE, ISO9001_RULE
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
DATA: dict[str, Any] = {"code": "Q-001", "title": "质量提升奖励", "category": "quality"}


def kinds(policy: Policy) -> list[str]:
    return list(policy.events.order_by("id").values_list("kind", flat=True))


@pytest.fixture
def planner() -> Any:
    return province_planner()


def test_create_makes_a_draft_with_version_1(planner: Any) -> None:
    policy = services.policy_create(data=DATA, actor=planner, rule=EMPLOYEES_20_RULE)
    assert (policy.state, policy.code, policy.created_by) == ("draft", "Q-001", planner)
    assert list(policy.rules.values_list("version", "applies_from", "rule")) == [
        (1, None, EMPLOYEES_20_RULE)
    ]
    assert kinds(policy) == ["created", "rule_version"]
    assert (
        AuditEvent.objects.filter(object_type="policies.policy", object_id=str(policy.pk)).count()
        == 2
    )


def test_invalid_rule_names_the_path_and_writes_nothing(planner: Any) -> None:
    bad = {"all": [EMPLOYEES_20_RULE, {"field": "revenue", "op": "ge", "value": "many"}]}
    with pytest.raises(ValidationError) as caught:
        services.policy_create(data=DATA, actor=planner, rule=bad)
    assert caught.value.message_dict == {"rule": ["all[1].value: 应为数字"]}
    assert not Policy.objects.exists()


def test_officers_and_leaders_cannot_edit() -> None:
    for person in (county_officer_qingxu(), leader()):
        with pytest.raises(PermissionDenied):
            services.policy_create(data=DATA, actor=person)


def test_draft_rule_save_replaces_the_unpublished_version(planner: Any) -> None:
    policy = services.policy_create(data=DATA, actor=planner, rule=EMPLOYEES_20_RULE)
    version = services.policy_rule_save(policy=policy, rule=ISO9001_RULE, actor=planner)
    assert (version.version, version.rule) == (1, ISO9001_RULE)
    assert policy.rules.count() == 1
    assert policy.events.filter(kind="rule_version").last().data["replaced"] is True


def test_published_rule_save_makes_a_dated_version_and_rematches_that_policy(
    planner: Any, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a published policy with a stored match for another policy
    monkeypatch.setattr("qstrong.policies.matching.runs._push", lambda run: 0)
    EnterpriseFactory(name="大", employees=300, certifications=["ISO9001"])
    with django_capture_on_commit_callbacks(execute=True):
        policy = services.policy_create(data=DATA, actor=planner, rule=EMPLOYEES_20_RULE)
        services.policy_publish(policy=policy, actor=planner)
    # when the rule changes from 2025-07-01
    with django_capture_on_commit_callbacks(execute=True):
        version = services.policy_rule_save(
            policy=policy,
            rule=ISO9001_RULE,
            actor=planner,
            applies_from=dt.date(2025, 7, 1),
            note="改为认证条件",
        )
    # then version 2 applies from that date and the policy alone was re-matched
    assert (version.version, version.applies_from, version.note) == (
        2,
        dt.date(2025, 7, 1),
        "改为认证条件",
    )
    assert list(MatchRun.objects.order_by("id").values_list("scope", "policy_id")) == [
        ("policy", policy.pk),
        ("policy", policy.pk),
    ]
    assert MatchResult.objects.get().rule == version
    assert kinds(policy) == ["created", "rule_version", "published", "rule_version"]


def test_published_version_defaults_to_today(planner: Any) -> None:
    policy = services.policy_create(data=DATA, actor=planner, rule=EMPLOYEES_20_RULE)
    services.policy_publish(policy=policy, actor=planner)
    version = services.policy_rule_save(policy=policy, rule=ISO9001_RULE, actor=planner)
    from django.utils import timezone

    assert (version.version, version.applies_from) == (2, timezone.localdate())


def test_publish_needs_a_rule_and_withdraw_only_published(planner: Any) -> None:
    policy = services.policy_create(data=DATA, actor=planner)
    with pytest.raises(ValidationError):
        services.policy_publish(policy=policy, actor=planner)
    with pytest.raises(ValidationError):
        services.policy_withdraw(policy=policy, actor=planner)
    services.policy_rule_save(policy=policy, rule=EMPLOYEES_20_RULE, actor=planner)
    published = services.policy_publish(policy=policy, actor=planner)
    assert published.state == "published" and published.published_at is not None
    withdrawn = services.policy_withdraw(policy=policy, actor=planner, comment="文件废止")
    assert (withdrawn.state, withdrawn.withdrawn_at is not None) == ("withdrawn", True)
    event = policy.events.get(kind=PolicyEvent.Kind.WITHDRAWN)
    assert (event.comment, event.actor) == ("文件废止", planner)


def test_update_records_the_changes(planner: Any) -> None:
    policy = services.policy_create(data=DATA, actor=planner)
    services.policy_update(
        policy=policy, data={"title": "新名称", "effective_from": "2025-01-01"}, actor=planner
    )
    event = policy.events.get(kind="edited")
    assert event.data == {
        "changes": {"title": ["质量提升奖励", "新名称"], "effective_from": [None, "2025-01-01"]}
    }
    with pytest.raises(ValidationError):
        services.policy_update(policy=policy, data={"code": "X"}, actor=planner)
    with pytest.raises(ValidationError):
        services.policy_update(
            policy=policy,
            data={"effective_from": "2025-02-01", "effective_to": "2025-01-01"},
            actor=planner,
        )


def test_events_are_append_only(planner: Any) -> None:
    policy = services.policy_create(data=DATA, actor=planner)
    event = policy.events.get()
    from qstrong.core.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_attachment_keeps_size_and_sha256(planner: Any) -> None:
    policy = services.policy_create(data=DATA, actor=planner)
    content = b"%PDF-1.7 policy text"
    upload = SimpleUploadedFile("晋市监发〔2024〕1号.pdf", content, content_type="application/pdf")
    attachment = services.policy_attachment_add(policy=policy, upload=upload, actor=planner)
    assert (attachment.name, attachment.size, attachment.sha256) == (
        "晋市监发〔2024〕1号.pdf",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert policy.events.filter(kind="attached").get().data["sha256"] == attachment.sha256


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ", "不支持的文件类型：.exe。"),
        ("fake.pdf", b"<html>", "文件内容与扩展名 .pdf 不符。"),
        ("empty.pdf", b"", "文件是空的。"),
    ],
)
def test_attachment_type_and_size_checks(
    planner: Any, name: str, content: bytes, message: str
) -> None:
    policy = services.policy_create(data=DATA, actor=planner)
    with pytest.raises(ValidationError) as caught:
        services.policy_attachment_add(
            policy=policy, upload=SimpleUploadedFile(name, content), actor=planner
        )
    assert caught.value.message_dict == {"file": [message]}
    assert not policy.attachments.exists()


def test_attachment_too_large(planner: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "ATTACHMENT_MAX_BYTES", 1 << 20)
    policy = services.policy_create(data=DATA, actor=planner)
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (1 << 20))
    with pytest.raises(ValidationError) as caught:
        services.policy_attachment_add(policy=policy, upload=upload, actor=planner)
    assert caught.value.message_dict == {"file": ["文件超过 1 MB。"]}
