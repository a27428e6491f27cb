"""Policy pages: the library, one policy, the form, publish / withdraw, attachments, runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import (
    PASSWORD,
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    leader,
    province_planner,
)
from qstrong.core.models import Job
from qstrong.policies.models import Outcome, Policy, PolicyEvent
from qstrong.policies.tests.factories import (
    MatchResultFactory,
    MatchRunFactory,
    PolicyFactory,
    PolicyRuleFactory,
    published_policy,
)
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_library_needs_login() -> None:
    # given an anonymous visitor / when they open the library / then they are sent to log in
    response = Client().get(reverse("policies:policy_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_library_lists_published_policies_for_an_officer_and_drafts_for_planners() -> None:
    # given a published and a draft policy
    published_policy(code="P-1", title="质量提升奖励")
    PolicyFactory(code="P-2", title="标准化资助草稿", state=Policy.State.DRAFT)
    # when a county officer opens the library, then only the published one shows
    body = client_for(county_officer_qingxu()).get(reverse("policies:policy_list")).content.decode()
    assert "质量提升奖励" in body
    assert "标准化资助草稿" not in body
    # and a planner sees both
    body = client_for(province_planner()).get(reverse("policies:policy_list")).content.decode()
    assert "质量提升奖励" in body and "标准化资助草稿" in body


def test_library_filters_by_search_category_delivery_and_date() -> None:
    # given three policies with different categories, delivery modes and validity
    published_policy(code="A-1", title="计量奖励", category="metrology", delivery="automatic")
    published_policy(
        code="A-2",
        title="标准资助",
        category="standards",
        effective_from=dt.date(2020, 1, 1),
        effective_to=dt.date(2020, 12, 31),
    )
    published_policy(code="A-3", title="信用贷款", category="credit", delivery="fast")
    client = client_for(province_planner())
    url = reverse("policies:policy_list")
    # when filtering, then exactly the matching policies are listed
    assert _titles(client.get(url, {"q": "计量"})) == ["计量奖励"]
    assert _titles(client.get(url, {"category": "credit"})) == ["信用贷款"]
    assert _titles(client.get(url, {"delivery": "automatic"})) == ["计量奖励"]
    assert _titles(client.get(url, {"in_force_on": "2020-06-01"})) == ["标准资助"]
    assert _titles(client.get(url, {"in_force_on": "2025-06-01", "sort": "-code"})) == [
        "信用贷款",
        "计量奖励",
    ]


def test_library_counts_only_the_officers_jurisdiction() -> None:
    # given one eligible enterprise in 清徐 and one in 太谷
    policy = published_policy(code="C-1")
    rule = policy.rules.get()
    MatchResultFactory(rule=rule, enterprise=EnterpriseFactory())
    MatchResultFactory(
        rule=rule,
        enterprise=EnterpriseFactory(region_id="140703", uscc=make_uscc(901, "140703")),
    )
    # then each county officer counts their own, the planner both
    for persona, expected in ((county_officer_qingxu, 1), (county_officer_taigu, 1)):
        page = client_for(persona()).get(reverse("policies:policy_list")).context["page_obj"]
        assert page.object_list[0].eligible == expected
    page = client_for(province_planner()).get(reverse("policies:policy_list")).context["page_obj"]
    assert page.object_list[0].eligible == 2


def _titles(response: Any) -> list[str]:
    return [p.title for p in response.context["page_obj"].object_list]


def test_detail_shows_rule_in_chinese_versions_and_scoped_matches() -> None:
    # given a policy with an eligible enterprise in 清徐 and one in 太谷
    policy = published_policy(code="D-1", title="质量奖励")
    qingxu = EnterpriseFactory(name="清徐甲企业")
    taigu = EnterpriseFactory(name="太谷乙企业", region_id="140703", uscc=make_uscc(900, "140703"))
    rule = policy.rules.get()
    MatchResultFactory(rule=rule, enterprise=qingxu)
    MatchResultFactory(rule=rule, enterprise=taigu)
    # when the 清徐 officer opens the policy
    response = client_for(county_officer_qingxu()).get(
        reverse("policies:policy_detail", args=[policy.pk])
    )
    body = response.content.decode()
    # then the rule version and only their own county's enterprise show
    assert response.status_code == 200
    assert "第 1 版" in body
    assert "清徐甲企业" in body
    assert "太谷乙企业" not in body
    assert response.context["counts"] == {"eligible": 1, "needs_data": 0}


def test_detail_lists_needs_data_with_fields_to_collect() -> None:
    policy = published_policy(code="D-2")
    enterprise = EnterpriseFactory(name="缺数据企业")
    MatchResultFactory(
        rule=policy.rules.get(),
        enterprise=enterprise,
        outcome=Outcome.NEEDS_DATA,
        missing_fields=["certifications", "employees"],
    )
    response = client_for(province_planner()).get(
        reverse("policies:policy_detail", args=[policy.pk]), {"outcome": "needs_data"}
    )
    body = response.content.decode()
    assert "缺数据企业" in body
    assert "认证、从业人员" in body


def test_a_draft_is_404_for_an_officer() -> None:
    draft = PolicyFactory(state=Policy.State.DRAFT)
    response = client_for(county_officer_qingxu()).get(
        reverse("policies:policy_detail", args=[draft.pk])
    )
    assert response.status_code == 404


def test_planner_creates_a_policy_and_lands_in_the_rule_editor() -> None:
    client = client_for(province_planner())
    response = client.post(
        reverse("policies:policy_create"),
        {
            "code": "NEW-1",
            "title": "新政策",
            "category": "quality",
            "delivery": "application",
            "effective_from": "2025-01-01",
        },
    )
    policy = Policy.objects.get(code="NEW-1")
    assert response.status_code == 302
    assert response["Location"] == reverse("policies:rule_editor", args=[policy.pk])
    assert policy.state == Policy.State.DRAFT
    assert policy.events.filter(kind=PolicyEvent.Kind.CREATED).count() == 1


def test_the_policy_form_shows_errors_in_chinese() -> None:
    # given a planner who leaves out the title and reverses the validity dates
    response = client_for(province_planner()).post(
        reverse("policies:policy_create"),
        {
            "code": "BAD-1",
            "title": "",
            "category": "quality",
            "delivery": "application",
            "effective_from": "2025-06-01",
            "effective_to": "2025-01-01",
        },
    )
    # then the form comes back with the problems named, and nothing was written
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["这个字段是必填项。"]
    assert errors["effective_to"] == ["失效日期不能早于生效日期。"]
    assert not Policy.objects.filter(code="BAD-1").exists()


@pytest.mark.parametrize("persona", [county_officer_qingxu, city_officer_taiyuan, leader])
def test_non_planners_may_not_write(persona: Any) -> None:
    policy = published_policy(code="W-1")
    client = client_for(persona())
    assert client.get(reverse("policies:policy_create")).status_code == 403
    assert client.get(reverse("policies:policy_edit", args=[policy.pk])).status_code == 403
    assert client.get(reverse("policies:rule_editor", args=[policy.pk])).status_code == 403
    assert client.post(reverse("policies:policy_withdraw", args=[policy.pk])).status_code == 403
    assert client.post(reverse("policies:policy_publish", args=[policy.pk])).status_code == 403
    assert client.post(reverse("policies:run_create")).status_code == 403


def test_planner_edits_a_policy() -> None:
    policy = published_policy(code="E-1", title="旧标题")
    response = client_for(province_planner()).post(
        reverse("policies:policy_edit", args=[policy.pk]),
        {
            "code": "CHANGED",
            "title": "新标题",
            "category": "quality",
            "delivery": "fast",
            "effective_from": "2024-01-01",
        },
    )
    policy.refresh_from_db()
    assert response.status_code == 302
    assert (policy.code, policy.title, policy.delivery) == ("E-1", "新标题", "fast")


def test_publish_and_withdraw(django_capture_on_commit_callbacks: Any) -> None:
    # given a draft with a rule
    policy = PolicyFactory(code="PUB-1", state=Policy.State.DRAFT, published_at=None)
    PolicyRuleFactory(policy=policy)
    client = client_for(province_planner())
    # when the planner publishes it, then it is published
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("policies:policy_publish", args=[policy.pk]))
    policy.refresh_from_db()
    assert policy.state == Policy.State.PUBLISHED
    # and withdrawing records the reason
    client.post(reverse("policies:policy_withdraw", args=[policy.pk]), {"comment": "政策到期"})
    policy.refresh_from_db()
    assert policy.state == Policy.State.WITHDRAWN
    assert policy.events.get(kind=PolicyEvent.Kind.WITHDRAWN).comment == "政策到期"


def test_publishing_without_a_rule_is_refused_with_a_message() -> None:
    policy = PolicyFactory(code="PUB-2", state=Policy.State.DRAFT, published_at=None)
    response = client_for(province_planner()).post(
        reverse("policies:policy_publish", args=[policy.pk]), follow=True
    )
    policy.refresh_from_db()
    assert policy.state == Policy.State.DRAFT
    assert "发布前请先设置适用条件。" in response.content.decode()


def test_attachment_upload_and_download() -> None:
    policy = published_policy(code="ATT-1")
    client = client_for(province_planner())
    upload = SimpleUploadedFile("申报指南.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(reverse("policies:attachment_upload", args=[policy.pk]), {"file": upload})
    attachment = policy.attachments.get()
    assert attachment.name == "申报指南.pdf"
    # an officer may download it
    response = client_for(county_officer_taigu()).get(
        reverse("policies:attachment_download", args=[policy.pk, attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"  # type: ignore[attr-defined]


def test_attachment_of_a_wrong_type_is_refused() -> None:
    policy = published_policy(code="ATT-2")
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client_for(province_planner()).post(
        reverse("policies:attachment_upload", args=[policy.pk]), {"file": upload}, follow=True
    )
    assert policy.attachments.count() == 0
    assert "不支持的文件类型" in response.content.decode()


def test_runs_page_and_full_run_as_a_job(django_capture_on_commit_callbacks: Any) -> None:
    published_policy(code="RUN-1")
    EnterpriseFactory()
    client = client_for(province_planner())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("policies:run_create"), {"as_of": "2025-06-30"})
    job = Job.objects.get(kind="match")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('policies:run_list')}?job={job.pk}"
    page = client.get(response["Location"])
    rows = page.context["rows"]
    assert len(rows) == 1
    assert rows[0]["run"].eligible_count == 1
    assert rows[0]["run"].as_of == dt.date(2025, 6, 30)
    detail = client.get(reverse("policies:run_detail", args=[rows[0]["run"].pk]))
    assert detail.status_code == 200


def test_nav_has_the_policy_section() -> None:
    body = client_for(county_officer_qingxu()).get(reverse("policies:policy_list")).content.decode()
    assert "政策服务" in body
    assert reverse("policies:run_list") in body


def test_run_page_of_another_countys_enterprise_run_is_404() -> None:
    run = MatchRunFactory(scope="enterprise", enterprise=EnterpriseFactory())
    url = reverse("policies:run_detail", args=[run.pk])
    assert client_for(county_officer_qingxu()).get(url).status_code == 200
    assert client_for(county_officer_taigu()).get(url).status_code == 404
