"""Officer pages for pushes and coverage: scoped, decisions, 免申即享, xlsx, other county 404."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    province_planner,
)
from qstrong.policies.models import Delivery, Push
from qstrong.policies.pushing import push_apply, pushes_send_for_run
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def applied() -> Push:
    policy = published_policy(code="A-1", title="标准化资助")
    enterprise = EnterpriseFactory(name="清徐精细化工有限公司")
    run = MatchRunFactory()
    MatchResultFactory(rule=policy.rules.get(), enterprise=enterprise, run=run)
    pushes_send_for_run(run=run)
    push = Push.objects.get(enterprise=enterprise)
    return push_apply(push=push, actor=enterprise_user(enterprise))


def test_push_list_is_scoped_and_filtered(applied: Push) -> None:
    qingxu = _client(county_officer_qingxu())
    page = qingxu.get(reverse("policies:push_list"), {"state": "applied", "policy": "A-1"})
    assert page.status_code == 200 and "清徐精细化工有限公司" in page.content.decode()
    assert (
        "清徐精细化工有限公司"
        not in qingxu.get(reverse("policies:push_list"), {"state": "granted"}).content.decode()
    )
    taigu = _client(county_officer_taigu()).get(reverse("policies:push_list"))
    assert "清徐精细化工有限公司" not in taigu.content.decode()


def test_officer_grants_from_the_enterprise_page(applied: Push) -> None:
    client = _client(county_officer_qingxu())
    page = client.get(reverse("policies:push_enterprise", args=[applied.enterprise_id]))
    assert page.status_code == 200 and "标准化资助" in page.content.decode()
    response = client.post(
        reverse("policies:push_decide", args=[applied.pk]), {"decision": "grant", "comment": "同意"}
    )
    assert response.status_code == 302
    applied.refresh_from_db()
    assert applied.state == Push.State.GRANTED


def test_decline_without_reason_is_refused_with_a_message(applied: Push) -> None:
    client = _client(county_officer_qingxu())
    response = client.post(
        reverse("policies:push_decide", args=[applied.pk]), {"decision": "decline"}, follow=True
    )
    assert "请填写未获批的原因" in response.content.decode()
    applied.refresh_from_db()
    assert applied.state == Push.State.APPLIED


def test_another_county_gets_404_on_every_officer_page(applied: Push) -> None:
    taigu = _client(county_officer_taigu())
    assert (
        taigu.get(reverse("policies:push_enterprise", args=[applied.enterprise_id])).status_code
        == 404
    )
    response = taigu.post(reverse("policies:push_decide", args=[applied.pk]), {"decision": "grant"})
    assert response.status_code == 404
    applied.refresh_from_db()
    assert applied.state == Push.State.APPLIED
    # coverage: its own county only, none of 清徐's numbers
    page = taigu.get(reverse("policies:coverage"))
    assert page.status_code == 200 and page.context["coverage"].overall.eligible == 0


def test_enterprise_users_and_anonymous_are_kept_out(applied: Push) -> None:
    owner = _client(enterprise_user(applied.enterprise))
    assert owner.get(reverse("policies:push_list")).status_code == 403
    assert owner.get(reverse("policies:coverage")).status_code == 403
    assert owner.get(reverse("policies:coverage_export")).status_code == 403
    assert Client().get(reverse("policies:coverage")).status_code == 302


def test_coverage_page_and_export(applied: Push) -> None:
    client = _client(county_officer_qingxu())
    page = client.get(reverse("policies:coverage"), {"policy": "A-1"})
    assert page.status_code == 200
    assert page.context["coverage"].overall.as_dict()["acted"] == 1
    assert 'id="coverage-chart-data"' in page.content.decode()
    response = client.get(reverse("policies:coverage_export"), {"policy": "A-1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["按政策"][2]][:5] == ["A-1", "标准化资助", 1, 0, 1]


def test_grants_confirm_page_for_the_province_only() -> None:
    policy = published_policy(code="AUTO-9", delivery=Delivery.AUTOMATIC)
    MatchResultFactory(rule=policy.rules.get(), enterprise=EnterpriseFactory())
    url = reverse("policies:grants_confirm", args=[policy.pk])
    assert _client(county_officer_qingxu()).post(url).status_code == 403
    planner = _client(province_planner())
    page = planner.get(reverse("policies:coverage"), {"policy": "AUTO-9"})
    assert page.context["can_confirm"] is True
    assert planner.post(url, {"comment": "批量确认"}).status_code == 302
    assert Push.objects.get(policy=policy).state == Push.State.GRANTED
