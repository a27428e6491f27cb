"""Registering problems, actions, comments, evidence files, and programme progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qstrong.accounts.tests import factories as people
from qstrong.quality.models import (
    Grade,
    Milestone,
    ProblemAction,
    ProblemClass,
    ProblemEvent,
    ProblemState,
    Programme,
)
from qstrong.quality.selectors import programme_progress, programmes_visible
from qstrong.quality.services import (
    milestone_save,
    problem_action_add,
    problem_action_complete,
    problem_comment,
    problem_register,
    problem_transition,
    programme_enrol,
    programme_save,
)
from qstrong.quality.statemachine import TransitionInvalid, TransitionRefused
from qstrong.quality.tests.factories import (
    ProblemFactory,
    ProgrammeFactory,
    QualityLossFactory,
    problem_in_state,
)
from qstrong.registry.tests.factories import ChainFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_register_takes_the_region_of_the_first_enterprise_and_writes_an_event() -> None:
    officer = people.city_officer_taiyuan()
    first, other = EnterpriseFactory(region_id="140121"), EnterpriseFactory(region_id="110106")
    problem = problem_register(
        actor=officer,
        chain=ChainFactory(),
        enterprises=[first, other],
        grade=Grade.MAJOR,
        klass=ProblemClass.MANAGEMENT,
        title="来料检验缺失",
        description="供应商来料未检验即投产",
    )
    assert problem.region_id == "140121" and problem.state == ProblemState.REGISTERED
    event = problem.events.get()
    assert (event.from_state, event.to_state, event.actor) == ("", "registered", officer)


def test_an_enterprise_user_registers_only_for_its_own_enterprise() -> None:
    own, other = EnterpriseFactory(), EnterpriseFactory()
    user = people.enterprise_user(own)
    kwargs = {
        "chain": ChainFactory(),
        "grade": Grade.GENERAL,
        "klass": ProblemClass.TECHNOLOGY,
        "title": "t",
        "description": "d",
    }
    assert problem_register(actor=user, enterprises=[own], **kwargs).pk
    with pytest.raises(TransitionRefused):
        problem_register(actor=user, enterprises=[other], **kwargs)
    with pytest.raises(TransitionRefused):
        problem_register(actor=people.leader(), enterprises=[own], **kwargs)


def test_enterprise_users_comment_but_never_move() -> None:
    problem = ProblemFactory()
    user = people.enterprise_user(problem.enterprises.get())
    event = problem_comment(problem=problem, actor=user, comment="我们已更换供应商")
    assert event.kind == ProblemEvent.Kind.COMMENT and event.to_state == "registered"
    with pytest.raises(TransitionRefused):
        problem_transition(
            problem=problem, actor=user, transition="analyse", comment="x", root_cause="y"
        )
    with pytest.raises(TransitionRefused):
        problem_comment(problem=problem, actor=people.leader(), comment="阅")


def test_actions_are_added_and_completed_with_events() -> None:
    officer = people.county_officer_qingxu()
    problem = problem_in_state(ProblemState.ANALYSED)
    problem.actions.all().delete()
    action = problem_action_add(
        problem=problem,
        actor=officer,
        kind=ProblemAction.Kind.IMMEDIATE,
        description="隔离可疑批次",
        owner_person="李科长",
        owner_enterprise=problem.enterprises.get(),
        deadline=dt.date(2024, 7, 1),
    )
    assert action.is_overdue(dt.date(2024, 7, 2)) and not action.is_overdue(dt.date(2024, 7, 1))
    problem_action_complete(action=action, actor=officer)
    kinds = list(problem.events.values_list("kind", flat=True))
    assert kinds == [ProblemEvent.Kind.ACTION_ADDED, ProblemEvent.Kind.ACTION_DONE]
    with pytest.raises(ValidationError):
        problem_action_add(
            problem=problem,
            actor=officer,
            kind=ProblemAction.Kind.CORRECTIVE,
            description="x",
            owner_person="y",
            deadline=dt.date(2024, 7, 1),
        )
    registered = ProblemFactory()
    with pytest.raises(TransitionInvalid, match="不能添加整改措施"):
        problem_action_add(
            problem=registered,
            actor=officer,
            kind=ProblemAction.Kind.CORRECTIVE,
            description="x",
            owner_person="y",
            owner_enterprise=registered.enterprises.get(),
            deadline=dt.date(2024, 7, 1),
        )


def test_evidence_files_are_type_checked_and_kept() -> None:
    officer = people.county_officer_qingxu()
    problem = problem_in_state(ProblemState.EFFECTIVENESS_CHECK)
    fake = SimpleUploadedFile("report.pdf", b"not a pdf")
    with pytest.raises(ValidationError, match="内容与其扩展名不符"):
        problem_transition(
            problem=problem,
            actor=officer,
            transition="check_pass",
            comment="x",
            evidence_files=[fake],
        )
    exe = SimpleUploadedFile("tool.exe", b"MZ")
    with pytest.raises(ValidationError, match="类型不支持"):
        problem_transition(
            problem=problem,
            actor=officer,
            transition="check_pass",
            comment="x",
            evidence_files=[exe],
        )
    assert problem.events.count() == 0
    photo = SimpleUploadedFile("现场.png", PNG)
    event = problem_transition(
        problem=problem, actor=officer, transition="check_pass", comment="x", evidence_files=[photo]
    )
    stored = event.files.get()
    assert stored.name == "现场.png" and stored.size == len(PNG) and len(stored.sha256) == 64


def test_certification_progress_counts_enrolled_enterprises_with_iso9001() -> None:
    campaign = ProgrammeFactory(
        kind=Programme.Kind.CERTIFICATION, region_id="140121", target_certification="ISO9001"
    )
    for index in range(10):
        certs = ["ISO9001"] if index < 3 else ([] if index < 8 else None)
        programme_enrol(
            actor=None, programme=campaign, subject=EnterpriseFactory(certifications=certs)
        )
    progress = programme_progress(campaign)
    assert (progress.done, progress.total, progress.percent) == (3, 10, 30)


def test_pilot_progress_is_problems_closed_and_savings() -> None:
    pilot = ProgrammeFactory(kind=Programme.Kind.PILOT)
    ProblemFactory(programme=pilot, state=ProblemState.CLOSED)
    ProblemFactory(programme=pilot, state=ProblemState.IN_PROGRESS)
    ProblemFactory(programme=pilot, state=ProblemState.REJECTED)
    QualityLossFactory(
        problem=ProblemFactory(programme=pilot, state=ProblemState.CLOSED),
        failures_before=13,
        failures_after=0,
        cost_per_failure=Decimal("1.06"),
    )
    progress = programme_progress(pilot)
    assert (progress.done, progress.total) == (2, 3)
    assert progress.savings == Decimal("13.78")


def test_milestone_progress_and_premium_progress() -> None:
    county = ProgrammeFactory(kind=Programme.Kind.COUNTY, region_id="140121")
    for step, done in (("induction", dt.date(2024, 5, 21)), ("training", None)):
        milestone_save(
            actor=None, owner=county, data={"title": step, "step": step, "done_on": done}
        )
    assert programme_progress(county).percent == 50
    assert county.milestones.filter(state=Milestone.State.DONE).count() == 1
    premium = ProgrammeFactory(kind=Programme.Kind.SHANXI_PREMIUM)
    programme_enrol(
        actor=None, programme=premium, subject=EnterpriseFactory(tags=["shanxi_premium"])
    )
    programme_enrol(actor=None, programme=premium, subject=EnterpriseFactory(tags=[]))
    assert (programme_progress(premium).done, programme_progress(premium).total) == (1, 2)


def test_programmes_are_seen_from_inside_their_area() -> None:
    province = ProgrammeFactory(code="p1", region_id="140000")
    qingxu = ProgrammeFactory(code="p2", region_id="140121")
    datong = ProgrammeFactory(code="p3", region_id="140200")
    assert set(programmes_visible(user=people.county_officer_qingxu())) == {province, qingxu}
    assert set(programmes_visible(user=people.city_officer_taiyuan())) == {province, qingxu}
    assert set(programmes_visible(user=people.county_officer_taigu())) == {province}
    assert set(programmes_visible(user=people.province_planner())) == {province, qingxu, datong}


def test_programme_save_needs_an_officer_of_the_area() -> None:
    data = {"code": "x1", "name": "质量强县培育（清徐）", "kind": "county", "region_id": "140121"}
    assert programme_save(actor=people.county_officer_qingxu(), data=data).pk
    with pytest.raises(TransitionRefused):
        programme_save(actor=people.county_officer_taigu(), data={**data, "code": "x2"})
