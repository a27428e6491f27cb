"""Portal pages: the enterprise sees only its own pushes, reads and claims them; the calculator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from qstrong.accounts.tests.factories import PASSWORD, county_officer_qingxu, enterprise_user
from qstrong.policies.models import Delivery, Outcome, Push
from qstrong.policies.pushing import pushes_send_for_run
from qstrong.policies.tests.factories import MatchResultFactory, MatchRunFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def pushed() -> Push:
    """A 快申快享 policy (employees ≥ 20) pushed to a 清徐 enterprise with 50 employees."""
    policy = published_policy(code="Q-FAST", title="质量提升快享奖励", delivery=Delivery.FAST)
    enterprise = EnterpriseFactory(name="清徐老陈醋酿造有限公司")
    run = MatchRunFactory()
    MatchResultFactory(rule=policy.rules.get(), enterprise=enterprise, run=run)
    pushes_send_for_run(run=run)
    return Push.objects.get(enterprise=enterprise)


def test_home_lists_own_pushes_unread_digest_and_needs_data(pushed: Push) -> None:
    other = published_policy(code="Q-NEED", title="标准化奖励")
    MatchResultFactory(
        rule=other.rules.get(),
        enterprise=pushed.enterprise,
        outcome=Outcome.NEEDS_DATA,
        missing_fields=["revenue"],
    )
    page = _client(enterprise_user(pushed.enterprise)).get(reverse("portal:home"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "质量提升快享奖励" in text
    assert "为您匹配到 1 项新的惠企政策" in text
    assert "标准化奖励" in text and "营业收入" in text
    assert reverse("changes:new") in text  # facts change through a reviewed request


def test_opening_a_push_marks_it_read_and_explains_why(pushed: Push) -> None:
    client = _client(enterprise_user(pushed.enterprise))
    page = client.get(reverse("portal:push_detail", args=[pushed.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "从业人员 ≥ 20人：是（实际 50人）" in text
    pushed.refresh_from_db()
    assert pushed.state == Push.State.READ


def test_claiming_from_the_page(pushed: Push) -> None:
    client = _client(enterprise_user(pushed.enterprise))
    response = client.post(
        reverse("portal:push_claim", args=[pushed.pk]), {"comment": "请尽快兑现"}
    )
    assert response.status_code == 302
    pushed.refresh_from_db()
    assert pushed.state == Push.State.CLAIMED
    assert pushed.events.get(to_state="claimed").comment == "请尽快兑现"
    # applying is for ordinary policies: refused with a message, state unchanged
    client.post(reverse("portal:push_apply", args=[pushed.pk]))
    pushed.refresh_from_db()
    assert pushed.state == Push.State.CLAIMED


def test_another_enterprise_gets_404_on_every_push_page(pushed: Push) -> None:
    stranger = _client(enterprise_user(EnterpriseFactory()))
    for name, method in [
        ("portal:push_detail", "get"),
        ("portal:push_claim", "post"),
        ("portal:push_apply", "post"),
    ]:
        response = getattr(stranger, method)(reverse(name, args=[pushed.pk]))
        assert response.status_code == 404, name
    assert stranger.get(reverse("portal:digest_detail", args=[pushed.digest_id])).status_code == 404
    assert "质量提升快享奖励" not in stranger.get(reverse("portal:home")).content.decode()
    pushed.refresh_from_db()
    assert pushed.state == Push.State.SENT


def test_officers_are_sent_to_the_push_list_and_cannot_claim(pushed: Push) -> None:
    client = _client(county_officer_qingxu())
    assert client.get(reverse("portal:home")).url == reverse("policies:push_list")
    assert client.post(reverse("portal:push_claim", args=[pushed.pk])).status_code == 404


def test_pages_need_login(pushed: Push) -> None:
    response = Client().get(reverse("portal:push_detail", args=[pushed.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# Calculator -------------------------------------------------------------------------------------


@pytest.fixture
def policies() -> None:
    published_policy(
        code="C-EMP", title="稳岗奖励", rule={"field": "employees", "op": "ge", "value": 20}
    )
    published_policy(
        code="C-ISO",
        title="认证提升补助",
        rule={"field": "certifications", "op": "contains", "value": "ISO9001"},
    )
    published_policy(
        code="C-TY",
        title="太原市质量奖",
        rule={"field": "region", "op": "within", "value": "140100"},
    )
    published_policy(code="C-DRAFT", title="草稿政策", state="draft")
    published_policy(
        code="C-OLD",
        title="过期政策",
        effective_from=dt.date(2019, 1, 1),
        effective_to=dt.date(2020, 12, 31),
    )


def test_calculator_is_public_and_sorts_policies_by_outcome(policies: None) -> None:
    page = Client().get(
        reverse("portal:calculator"),
        {"calculate": "1", "region": "140703", "employees": "35", "certifications": "__none__"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    result = page.context["result"]
    assert [v.policy.code for v in result.eligible] == ["C-EMP"]
    assert [v.policy.code for v in result.needs_data] == []
    assert sorted(v.policy.code for v in result.ineligible) == ["C-ISO", "C-TY"]
    assert "草稿政策" not in text and "过期政策" not in text
    assert "从业人员 ≥ 20人：是（实际 35人）" in text


def test_calculator_unknown_inputs_need_data(policies: None) -> None:
    page = Client().get(reverse("portal:calculator"), {"calculate": "1"})
    result = page.context["result"]
    assert sorted(v.policy.code for v in result.needs_data) == ["C-EMP", "C-ISO", "C-TY"]
    needs = {v.policy.code: v.explanation.missing_fields for v in result.needs_data}
    assert needs["C-EMP"] == [("employees", "从业人员")]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"employees": "-3"}, "employees", "确保该值大于或等于0"),
        ({"employees": "abc"}, "employees", "输入整数"),
        ({"industry": "Z99"}, "industry", "行业代码“Z99”不存在"),
        ({"established": "2999-01-01"}, "established", "成立日期不能晚于今天"),
        (
            {"certifications": ["__none__", "ISO9001"]},
            "certifications",
            "“以上均无”不能与其他选项同时选择",
        ),
        ({"region": "110000"}, "region", "选择一个有效的选项"),
    ],
)
def test_calculator_validates_every_input(params: dict, field: str, message: str) -> None:
    page = Client().get(reverse("portal:calculator"), {"calculate": "1", **params})
    assert page.status_code == 200
    assert page.context["result"] is None
    assert message in " ".join(page.context["form"].errors[field])
