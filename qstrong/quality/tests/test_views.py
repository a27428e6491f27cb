"""Quality pages: rendering, forms, refusals, and 404 for an officer of another county."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qstrong.accounts.tests import factories as people
from qstrong.quality.models import (
    EvidenceFile,
    Grade,
    Milestone,
    ProblemAction,
    ProblemEvent,
    ProblemState,
    Programme,
)
from qstrong.quality.services import problem_comment, programme_enrol
from qstrong.quality.tests.factories import (
    KeyProjectFactory,
    ProblemFactory,
    ProgrammeFactory,
    QualityLossFactory,
    problem_in_state,
)
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def records() -> dict[str, object]:
    """A problem, key project, loss, programme and evidence file, all in 清徐."""
    problem = problem_in_state(ProblemState.ANALYSED)
    project = KeyProjectFactory(lead_enterprise=problem.enterprises.get())
    QualityLossFactory(problem=problem)
    programme = ProgrammeFactory(region_id="140121", kind=Programme.Kind.COUNTY)
    event = problem_comment(problem=problem, actor=people.county_officer_qingxu(), comment="c")
    evidence = EvidenceFile(event=event, name="a.pdf", size=1, sha256="0" * 64)
    evidence.file.save("a.pdf", BytesIO(b"%PDF-1.4"), save=False)
    evidence.save()
    return {"problem": problem, "project": project, "programme": programme, "evidence": evidence}


def _urls(records: dict[str, object]) -> list[tuple[str, str]]:
    problem, project, programme = records["problem"], records["project"], records["programme"]
    action = problem.actions.get()  # type: ignore[attr-defined]
    enterprise = problem.enterprises.get()  # type: ignore[attr-defined]
    return [
        ("get", reverse("quality:problem_detail", args=[problem.pk])),  # type: ignore[attr-defined]
        ("post", reverse("quality:problem_transition", args=[problem.pk, "plan"])),  # type: ignore[attr-defined]
        ("post", reverse("quality:problem_action_add", args=[problem.pk])),  # type: ignore[attr-defined]
        ("post", reverse("quality:problem_action_done", args=[problem.pk, action.pk])),  # type: ignore[attr-defined]
        ("post", reverse("quality:problem_comment", args=[problem.pk])),  # type: ignore[attr-defined]
        ("post", reverse("quality:problem_loss_add", args=[problem.pk])),  # type: ignore[attr-defined]
        ("get", reverse("quality:evidence_download", args=[records["evidence"].pk])),  # type: ignore[attr-defined]
        ("get", reverse("quality:key_project_detail", args=[project.pk])),  # type: ignore[attr-defined]
        ("get", reverse("quality:programme_detail", args=[programme.pk])),  # type: ignore[attr-defined]
        ("get", reverse("quality:enterprise_panel", args=[enterprise.pk])),
    ]


def test_an_officer_of_another_county_gets_404_everywhere(records: dict[str, object]) -> None:
    client = _client(people.county_officer_taigu())
    for method, url in _urls(records):
        response = getattr(client, method)(url, {"comment": "x"})
        assert response.status_code == 404, (method, url, response.status_code)


def test_the_officer_of_the_county_opens_every_page(records: dict[str, object]) -> None:
    client = _client(people.county_officer_qingxu())
    for method, url in _urls(records):
        if method == "get":
            assert client.get(url).status_code == 200, url
    for name in ("problem_list", "problem_kanban", "problem_create", "key_project_list"):
        assert client.get(reverse(f"quality:{name}")).status_code == 200, name
    for name in ("loss_ledger", "programme_list"):
        assert client.get(reverse(f"quality:{name}")).status_code == 200, name


def test_pages_need_login(records: dict[str, object]) -> None:
    response = Client().get(reverse("quality:problem_list"))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_list_filters_by_grade_state_and_overdue() -> None:
    officer = people.county_officer_qingxu()
    late = problem_in_state(ProblemState.IN_PROGRESS)
    late.actions.update(done=False, deadline=dt.date(2020, 1, 1))
    ProblemFactory(title="重大问题甲", grade=Grade.CRITICAL)
    client = _client(officer)
    page = client.get(reverse("quality:problem_list"), {"overdue": "on"}).content.decode()
    assert late.title in page and "重大问题甲" not in page
    page = client.get(reverse("quality:problem_list"), {"grade": "critical"}).content.decode()
    assert "重大问题甲" in page and late.title not in page


def test_register_then_walk_the_loop_through_the_pages() -> None:
    officer = people.county_officer_qingxu()
    client = _client(officer)
    enterprise = EnterpriseFactory()
    chain = ChainFactory()
    response = client.post(
        reverse("quality:problem_create"),
        {
            "title": "老陈醋总酸不稳定",
            "chain": chain.pk,
            "enterprises": [enterprise.pk],
            "grade": "general",
            "klass": "technology",
            "description": "批次间总酸波动超过 0.3 g/100mL",
        },
    )
    assert response.status_code == 302
    problem = enterprise.quality_problems.get()
    url = reverse("quality:problem_transition", args=[problem.pk, "analyse"])
    # a missing root cause re-renders the form with the message
    response = client.post(url, {"comment": "完成分析"})
    assert response.status_code == 422
    assert "请填写根本原因" in response.content.decode()
    response = client.post(url, {"comment": "完成分析", "root_cause": "发酵温控不稳"})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.state == ProblemState.ANALYSED
    response = client.post(
        reverse("quality:problem_action_add", args=[problem.pk]),
        {
            "kind": "corrective",
            "description": "加装温控",
            "owner_enterprise": enterprise.pk,
            "owner_person": "张工",
            "deadline": "2030-01-01",
        },
    )
    assert response.status_code == 302 and problem.actions.count() == 1


def test_a_county_officer_cannot_move_a_critical_problem() -> None:
    problem = ProblemFactory(grade=Grade.CRITICAL)
    client = _client(people.county_officer_qingxu())
    page = client.get(reverse("quality:problem_detail", args=[problem.pk])).content.decode()
    assert 'data-testid="toggle-analyse"' not in page
    assert "重大问题须由省局规划人员办理" in page
    response = client.post(
        reverse("quality:problem_transition", args=[problem.pk, "analyse"]),
        {"comment": "x", "root_cause": "y"},
    )
    assert response.status_code == 403
    assert "重大问题须由省局规划人员办理" in response.content.decode()
    assert problem.events.filter(kind=ProblemEvent.Kind.TRANSITION).count() == 0


def test_kanban_shows_each_problem_in_its_state_column() -> None:
    problem = problem_in_state(ProblemState.IN_PROGRESS)
    page = _client(people.county_officer_qingxu()).get(reverse("quality:problem_kanban"))
    html = page.content.decode()
    column = html.split('data-testid="kanban-in_progress"')[1].split("</section>")[0]
    assert problem.title in column


def test_ledger_totals_and_xlsx_export() -> None:
    QualityLossFactory(failures_before=13, failures_after=0, cost_per_failure=Decimal("1.06"))
    client = _client(people.county_officer_qingxu())
    page = client.get(reverse("quality:loss_ledger")).content.decode()
    assert "13.78" in page
    response = client.get(reverse("quality:loss_export"))
    book = load_workbook(BytesIO(response.content))
    sheet = book["质量损失台账"]
    assert sheet["A1"].value == "对象类型" and sheet["K1"].value == "节约金额（万元）"
    assert Decimal(str(sheet["K2"].value)) == Decimal("13.78")
    assert set(book.sheetnames) == {"质量损失台账", "按产业链", "按试点", "按年度"}


def test_programme_page_shows_progress_and_milestones() -> None:
    campaign = ProgrammeFactory(
        code="qingxu_cert", kind=Programme.Kind.CERTIFICATION, region_id="140121"
    )
    programme_enrol(
        actor=None, programme=campaign, subject=EnterpriseFactory(certifications=["ISO9001"])
    )
    programme_enrol(actor=None, programme=campaign, subject=EnterpriseFactory(certifications=[]))
    Milestone.objects.create(programme=campaign, title="导入链", step="induction")
    page = _client(people.county_officer_qingxu()).get(
        reverse("quality:programme_detail", args=[campaign.pk])
    )
    html = page.content.decode()
    assert "1 / 2（50%）" in html and "导入链（动员+宣贯）" in html


def test_chain_panel_counts_only_visible_problems() -> None:
    chain = ChainFactory()
    ProblemFactory(chain=chain, grade=Grade.MAJOR)
    url = reverse("quality:chain_panel", args=[chain.code])
    assert "较大问题 1" in _client(people.county_officer_qingxu()).get(url).content.decode()
    assert "较大问题 0" in _client(people.county_officer_taigu()).get(url).content.decode()
    assert (
        _client(people.county_officer_taigu())
        .get(reverse("quality:chain_panel", args=["nope"]))
        .status_code
        == 404
    )


def test_leader_reads_but_sees_no_buttons() -> None:
    problem = problem_in_state(ProblemState.REGISTERED)
    page = _client(people.leader()).get(reverse("quality:problem_detail", args=[problem.pk]))
    assert page.status_code == 200
    assert 'data-testid="toggle-analyse"' not in page.content.decode()
    assert ProblemAction.objects.count() == 1
