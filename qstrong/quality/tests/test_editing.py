"""Page forms for key projects and programmes: validation, roles, and 404 outside the scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent
from qstrong.quality.models import Enrolment, KeyProject, Milestone, Programme
from qstrong.quality.tests.factories import KeyProjectFactory, ProblemFactory, ProgrammeFactory
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory, TownFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def qingxu() -> dict[str, object]:
    """A key project led by a 清徐 enterprise with a milestone, and a 清徐 programme with one."""
    lead = EnterpriseFactory(region_id="140121", name="清徐精工")
    project = KeyProjectFactory(lead_enterprise=lead)
    programme = ProgrammeFactory(region_id="140121", kind=Programme.Kind.CERTIFICATION)
    return {
        "lead": lead,
        "project": project,
        "programme": programme,
        "project_milestone": Milestone.objects.create(key_project=project, title="样机"),
        "programme_milestone": Milestone.objects.create(programme=programme, title="导入链"),
    }


def _writes(records: dict[str, object]) -> list[tuple[str, str, dict[str, object]]]:
    project, programme = records["project"], records["programme"]
    pm, gm = records["project_milestone"], records["programme_milestone"]
    return [
        ("get", reverse("quality:key_project_edit", args=[project.pk]), {}),  # type: ignore[attr-defined]
        ("post", reverse("quality:key_project_edit", args=[project.pk]), {"name": "x"}),  # type: ignore[attr-defined]
        ("post", reverse("quality:key_project_milestone_add", args=[project.pk]), {"title": "x"}),  # type: ignore[attr-defined]
        (
            "post",
            reverse("quality:key_project_milestone_done", args=[project.pk, pm.pk]),  # type: ignore[attr-defined]
            {"done_on": "2024-01-01"},
        ),
        (
            "post",
            reverse("quality:key_project_indicator_add", args=[project.pk]),
            {"name": "x", "after": "1"},
        ),  # type: ignore[attr-defined]
        ("get", reverse("quality:programme_edit", args=[programme.pk]), {}),  # type: ignore[attr-defined]
        ("post", reverse("quality:programme_edit", args=[programme.pk]), {"name": "x"}),  # type: ignore[attr-defined]
        ("post", reverse("quality:programme_enrol", args=[programme.pk]), {"county": "140121"}),  # type: ignore[attr-defined]
        ("post", reverse("quality:programme_milestone_add", args=[programme.pk]), {"title": "x"}),  # type: ignore[attr-defined]
        (
            "post",
            reverse("quality:programme_milestone_done", args=[programme.pk, gm.pk]),  # type: ignore[attr-defined]
            {"done_on": "2024-01-01"},
        ),
    ]


def test_every_new_endpoint_answers_404_to_another_countys_officer(
    qingxu: dict[str, object],
) -> None:
    client = _client(people.county_officer_taigu())
    for method, url, data in _writes(qingxu):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert Milestone.objects.filter(done_on__isnull=False).count() == 0
    assert Enrolment.objects.count() == 0


def test_leader_and_enterprise_user_are_refused_and_see_no_buttons(
    qingxu: dict[str, object],
) -> None:
    leader = _client(people.leader())
    for method, url, data in _writes(qingxu):
        assert getattr(leader, method)(url, data).status_code == 403, url
    assert leader.get(reverse("quality:key_project_create")).status_code == 403
    assert leader.get(reverse("quality:programme_create")).status_code == 403
    page = leader.get(reverse("quality:key_project_detail", args=[qingxu["project"].pk]))  # type: ignore[attr-defined]
    html = page.content.decode()
    assert "project-edit" not in html and "milestone-form" not in html
    assert "project-create" not in leader.get(reverse("quality:key_project_list")).content.decode()
    member = _client(people.enterprise_user(qingxu["lead"]))
    assert member.get(reverse("quality:key_project_create")).status_code == 403
    assert (
        member.get(
            reverse("quality:key_project_edit", args=[qingxu["project"].pk])  # type: ignore[attr-defined]
        ).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(object_type__startswith="quality.").exists()


def test_an_officer_sees_the_buttons() -> None:
    client = _client(people.county_officer_qingxu())
    assert "project-create" in client.get(reverse("quality:key_project_list")).content.decode()
    assert "programme-create" in client.get(reverse("quality:programme_list")).content.decode()


def test_create_a_key_project_from_the_page() -> None:
    # given a lead and a supplier in 清徐 and an open problem
    lead = EnterpriseFactory(region_id="140121")
    supplier = EnterpriseFactory(region_id="140121")
    problem = ProblemFactory()
    chain = ChainFactory()
    client = _client(people.county_officer_qingxu())
    # when the officer posts the form
    response = client.post(
        reverse("quality:key_project_create"),
        {
            "name": "密封件攻关",
            "chain": chain.pk,
            "lead_enterprise": [lead.pk],
            "partner_enterprises": [supplier.pk],
            "other_partners": "太原理工大学",
            "problems": [problem.pk],
            "started_on": "2024-03-01",
        },
    )
    # then the project exists with its partners and problem, audited
    project = KeyProject.objects.get(name="密封件攻关")
    assert response.status_code == 302 and response["Location"].endswith(f"/{project.pk}/")
    assert project.lead_enterprise == lead and project.chain == chain
    assert list(project.partner_enterprises.all()) == [supplier]
    assert list(project.problems.all()) == [problem]
    assert AuditEvent.objects.filter(object_type="quality.keyproject").count() == 1


def test_the_key_project_form_names_what_is_wrong() -> None:
    other = EnterpriseFactory(region_id="140703")
    mine = EnterpriseFactory(region_id="140121")
    client = _client(people.county_officer_qingxu())
    url = reverse("quality:key_project_create")
    missing = client.post(url, {"name": ""})
    assert missing.status_code == 422
    assert "请选择牵头企业。" in missing.content.decode()
    assert "这个字段是必填项" in missing.content.decode()
    unseen = client.post(url, {"name": "x", "lead_enterprise": [other.pk]})
    assert "所选企业不存在或不在您的可见范围内。" in unseen.content.decode()
    twice = client.post(
        url, {"name": "x", "lead_enterprise": [mine.pk], "partner_enterprises": [mine.pk]}
    )
    assert "牵头企业不必再列为协同企业。" in twice.content.decode()
    assert KeyProject.objects.count() == 0


def test_edit_a_key_project_keeps_the_picks_and_audits_the_change(
    qingxu: dict[str, object],
) -> None:
    project = qingxu["project"]
    client = _client(people.county_officer_qingxu())
    url = reverse("quality:key_project_edit", args=[project.pk])  # type: ignore[attr-defined]
    page = client.get(url).content.decode()
    lead_pk = qingxu["lead"].pk  # type: ignore[attr-defined]
    assert f'name="lead_enterprise" value="{lead_pk}"' in page
    response = client.post(url, {"name": "新名称", "lead_enterprise": [qingxu["lead"].pk]})  # type: ignore[attr-defined]
    assert response.status_code == 302
    project.refresh_from_db()  # type: ignore[attr-defined]
    assert project.name == "新名称"  # type: ignore[attr-defined]
    change = AuditEvent.objects.get(object_type="quality.keyproject")
    assert change.action == AuditEvent.Action.UPDATE and "name" in change.changes


def test_milestones_and_indicators_of_a_key_project(qingxu: dict[str, object]) -> None:
    project, milestone = qingxu["project"], qingxu["project_milestone"]
    client = _client(people.county_officer_qingxu())
    pk = project.pk  # type: ignore[attr-defined]
    client.post(
        reverse("quality:key_project_milestone_add", args=[pk]),
        {"title": "小批量验证", "due_on": "2030-06-30"},
    )
    assert project.milestones.filter(title="小批量验证", due_on=dt.date(2030, 6, 30)).exists()  # type: ignore[attr-defined]
    done = client.post(
        reverse("quality:key_project_milestone_done", args=[pk, milestone.pk]),  # type: ignore[attr-defined]
        {"done_on": "2024-05-20"},
    )
    assert done.status_code == 302
    milestone.refresh_from_db()  # type: ignore[attr-defined]
    assert milestone.done_on == dt.date(2024, 5, 20) and milestone.state == Milestone.State.DONE  # type: ignore[attr-defined]
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    refused = client.post(
        reverse("quality:key_project_milestone_add", args=[pk]),
        {"title": "未来", "done_on": future},
        follow=True,
    )
    assert "完成日期不能晚于今天。" in refused.content.decode()
    client.post(
        reverse("quality:key_project_indicator_add", args=[pk]),
        {"name": "主断路器故障", "unit": "次/年", "before": "50", "after": "0", "target": "0"},
    )
    indicator = project.indicators.get()  # type: ignore[attr-defined]
    assert (indicator.before, indicator.after, indicator.unit) == (
        Decimal("50"),
        Decimal("0"),
        "次/年",
    )
    empty = client.post(
        reverse("quality:key_project_indicator_add", args=[pk]), {"name": "空"}, follow=True
    )
    assert "请至少填写攻关前、攻关后或目标值中的一项。" in empty.content.decode()
    assert project.indicators.count() == 1  # type: ignore[attr-defined]


def test_create_and_edit_a_programme() -> None:
    client = _client(people.county_officer_qingxu())
    url = reverse("quality:programme_create")
    bad = client.post(
        url,
        {
            "kind": "certification",
            "code": "bad code",
            "name": "认证提升",
            "region": "140121",
            "started_on": "2024-05-01",
            "ends_on": "2024-01-01",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 422
    assert (
        "编号只能包含字母、数字、下划线和连字符。" in html and "结束日期不能早于开始日期。" in html
    )
    # a county officer cannot organise for 太谷 (not among the choices)
    outside = client.post(url, {"kind": "other", "code": "x", "name": "x", "region": "140703"})
    assert outside.status_code == 422 and not Programme.objects.exists()
    ok = client.post(
        url,
        {"kind": "certification", "code": "qx_iso", "name": "认证提升", "region": "140121"},
    )
    programme = Programme.objects.get(code="qx_iso")
    assert ok.status_code == 302 and programme.target_certification == "ISO9001"
    edit = reverse("quality:programme_edit", args=[programme.pk])
    client.post(
        edit,
        {"kind": "certification", "code": "ignored", "name": "认证提升行动", "region": "140121"},
    )
    programme.refresh_from_db()
    assert programme.name == "认证提升行动" and programme.code == "qx_iso"
    change = AuditEvent.objects.get(object_type="quality.programme", action="update")
    assert "name" in change.changes and "code" not in change.changes


def test_enrol_subjects_and_programme_milestones(qingxu: dict[str, object]) -> None:
    programme = qingxu["programme"]
    pk = programme.pk  # type: ignore[attr-defined]
    a = EnterpriseFactory(region_id="140121")
    b = EnterpriseFactory(region_id="140121")
    hidden = EnterpriseFactory(region_id="140703")
    chain, town = ChainFactory(), TownFactory(county_id="140121")
    client = _client(people.county_officer_qingxu())
    url = reverse("quality:programme_enrol", args=[pk])
    client.post(url, {"enterprises": [a.pk, b.pk], "chain": chain.pk, "town": town.pk})
    client.post(url, {"county": "140121", "enterprises": [a.pk]})  # a again: not twice
    kinds = sorted(programme.enrolments.values_list("kind", flat=True))  # type: ignore[attr-defined]
    assert kinds == ["chain", "county", "enterprise", "enterprise", "town"]
    refused = client.post(url, {"enterprises": [hidden.pk]}, follow=True)
    assert "所选企业不存在或不在您的可见范围内。" in refused.content.decode()
    nothing = client.post(url, {}, follow=True)
    assert "请至少选择一个要纳入的企业、产业链、专业镇或县。" in nothing.content.decode()
    assert programme.enrolments.count() == 5  # type: ignore[attr-defined]
    client.post(
        reverse("quality:programme_milestone_add", args=[pk]),
        {"title": "培训链", "step": "training"},
    )
    assert programme.milestones.filter(title="培训链", step="training").exists()  # type: ignore[attr-defined]
    gm = qingxu["programme_milestone"]
    client.post(
        reverse("quality:programme_milestone_done", args=[pk, gm.pk]),  # type: ignore[attr-defined]
        {"done_on": timezone.localdate().isoformat()},
    )
    gm.refresh_from_db()  # type: ignore[attr-defined]
    assert gm.done_on == timezone.localdate()  # type: ignore[attr-defined]


def test_a_provincial_programme_is_read_but_not_edited_by_a_county(
    qingxu: dict[str, object],
) -> None:
    provincial = ProgrammeFactory(region_id="140000")
    client = _client(people.county_officer_qingxu())
    assert client.get(reverse("quality:programme_detail", args=[provincial.pk])).status_code == 200
    assert client.get(reverse("quality:programme_edit", args=[provincial.pk])).status_code == 403


def test_the_picker_searches_only_visible_enterprises() -> None:
    EnterpriseFactory(region_id="140121", name="清徐老陈醋厂")
    EnterpriseFactory(region_id="140703", name="太谷老陈醋厂")
    url = reverse("quality:enterprise_search")
    found = _client(people.county_officer_qingxu()).get(url, {"q": "老陈醋"}).json()
    assert [r["name"] for r in found["results"]] == ["清徐老陈醋厂"]
    assert _client(people.county_officer_qingxu()).get(url, {"q": "醋"}).json()["results"] == []
    assert Client().get(url, {"q": "老陈醋"}).status_code == 302
