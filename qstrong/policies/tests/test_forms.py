"""Forms of the policy pages: errors in Chinese, naming the field at fault."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qstrong.policies.forms import (
    AsOfForm,
    AttachmentForm,
    PolicyFilterForm,
    PolicyFilters,
    PolicyForm,
    RuleSaveForm,
)
from qstrong.policies.tests.factories import published_policy

pytestmark = pytest.mark.django_db

VALID = {"code": "F-1", "title": "政策", "category": "quality", "delivery": "application"}


def test_policy_form_requires_code_and_title_in_chinese() -> None:
    form = PolicyForm(data={"category": "quality", "delivery": "application"})
    assert not form.is_valid()
    assert form.errors["code"] == ["这个字段是必填项。"]
    assert form.errors["title"] == ["这个字段是必填项。"]


def test_policy_form_refuses_reversed_validity() -> None:
    form = PolicyForm(data={**VALID, "effective_from": "2025-06-01", "effective_to": "2025-01-01"})
    assert not form.is_valid()
    assert form.errors["effective_to"] == ["失效日期不能早于生效日期。"]


def test_policy_form_refuses_a_taken_code() -> None:
    published_policy(code="F-1")
    form = PolicyForm(data=VALID)
    assert not form.is_valid()
    assert form.errors["code"] == ["具有 政策编号 的 政策 已存在。"]


def test_policy_form_keeps_the_code_of_an_existing_policy() -> None:
    policy = published_policy(code="KEEP")
    form = PolicyForm(data={**VALID, "code": "OTHER", "title": "新"}, instance=policy)
    assert form.is_valid()
    assert "code" not in form.service_data()
    assert form.service_data()["title"] == "新"


def test_rule_form_names_the_line_of_bad_json() -> None:
    form = RuleSaveForm(data={"rule": '{"all": [\n  {"field": }]}'})
    assert not form.is_valid()
    assert form.errors["rule"] == ["适用条件不是有效的 JSON（第 2 行第 13 列）。"]


def test_rule_form_needs_applies_from_for_a_published_policy() -> None:
    form = RuleSaveForm(data={"rule": "{}"}, published=True)
    assert not form.is_valid()
    assert form.errors["applies_from"] == ["这个字段是必填项。"]
    assert RuleSaveForm(data={"rule": "{}"}, published=False).is_valid()


def test_attachment_form_refuses_other_file_types() -> None:
    upload = SimpleUploadedFile("x.exe", b"MZ")
    form = AttachmentForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert form.errors["file"][0].startswith("不支持的文件类型“x.exe”")


def test_filter_form_drops_an_invalid_date_but_keeps_the_search() -> None:
    form = PolicyFilterForm(data={"q": "质量", "in_force_on": "not-a-date", "state": "nope"})
    assert form.filters() == PolicyFilters(q="质量")


def test_as_of_defaults_to_today_and_reads_a_date() -> None:
    assert AsOfForm(data={"as_of": "2025-06-30"}).day() == dt.date(2025, 6, 30)
    assert AsOfForm(data={"as_of": "x"}).day() == timezone.localdate()
