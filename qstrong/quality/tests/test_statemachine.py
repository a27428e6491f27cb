"""The problem state machine, exhaustively: transition × state × role × grade × jurisdiction."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from qstrong.accounts.models import Organisation, Role
from qstrong.accounts.tests import factories as people
from qstrong.quality.models import (
    CheckResult,
    Grade,
    Problem,
    ProblemEvent,
    ProblemState,
)
from qstrong.quality.services import problem_transition
from qstrong.quality.statemachine import (
    TRANSITIONS,
    TransitionInvalid,
    TransitionRefused,
    transitions_available,
)
from qstrong.quality.tests.factories import problem_in_state

pytestmark = pytest.mark.django_db

# Problems live in 清徐 (140121, 太原). Who may move one of each grade:
# the 清徐 county officer (general), the 太原 city officer (general, major), the province (all).
MAY_MOVE = {
    "qingxu_county": {Grade.GENERAL},
    "taigu_county": set(),
    "taiyuan_city": {Grade.GENERAL, Grade.MAJOR},
    "jinzhong_city": set(),
    "province": {Grade.GENERAL, Grade.MAJOR, Grade.CRITICAL},
    "leader": set(),
    "enterprise": set(),
    "admin": set(),
}


def _personas(enterprise: Any) -> dict[str, Any]:
    jinzhong = people.bureau("晋中市市场监督管理局", Organisation.Level.CITY, "140700")
    return {
        "qingxu_county": people.county_officer_qingxu(),
        "taigu_county": people.county_officer_taigu(),
        "taiyuan_city": people.city_officer_taiyuan(),
        "jinzhong_city": people.UserFactory(
            username="jinzhong", organisation=jinzhong, role=Role.CITY_OFFICER
        ),
        "province": people.province_planner(),
        "leader": people.leader(),
        "enterprise": people.enterprise_user(enterprise),
        "admin": people.UserFactory(username="admin1", organisation=None, role=Role.ADMIN),
    }


def _ready(transition: str, state: str, grade: str) -> Problem:
    """A problem in the state, with every other precondition of the transition met."""
    check = CheckResult.PASSED if transition == "close" else CheckResult.NONE
    return problem_in_state(state, grade=grade, check=check)


@pytest.mark.parametrize("grade", list(Grade.values))
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_transition_state_and_role(name: str, grade: str) -> None:
    step = TRANSITIONS[name]
    personas: dict[str, Any] | None = None
    for state in ProblemState.values:
        for who in MAY_MOVE:
            # given a problem of this grade in this state, and a user of this role
            problem = _ready(name, state, grade)
            if personas is None:
                personas = _personas(problem.enterprises.get())
            user = personas[who]
            before_events = problem.events.count()
            kwargs = {
                "comment": "按计划推进",
                "root_cause": "原料批次差异",
                "evidence_note": "第三方检测报告 QX-2024-018",
            }
            may = grade in MAY_MOVE[who]
            applies = state in step.sources
            # when the user takes the transition
            if may and applies:
                event = problem_transition(problem=problem, actor=user, transition=name, **kwargs)
                # then it moves and leaves one event naming from, to, actor and comment
                problem.refresh_from_db()
                assert problem.state == step.target, (name, state, who, grade)
                assert (event.from_state, event.to_state) == (state, step.target)
                assert event.actor == user and event.comment == "按计划推进"
                assert event.kind == ProblemEvent.Kind.TRANSITION and event.transition == name
                assert problem.events.count() == before_events + 1
                assert step in transitions_available(user=user, problem=_ready(name, state, grade))
                continue
            expected = TransitionRefused if not may else TransitionInvalid
            with pytest.raises(expected) as refused:
                problem_transition(problem=problem, actor=user, transition=name, **kwargs)
            message = str(refused.value.message)
            # then nothing moves, nothing is written, and the message says why in Chinese
            problem.refresh_from_db()
            assert problem.state == state and problem.events.count() == before_events
            if not may:
                assert problem.get_grade_display() + "问题" in message, message
                assert step not in transitions_available(user=user, problem=problem)
            else:
                assert f"问题当前状态为“{problem.get_state_display()}”" in message, message
                assert str(step.label) in message


GRADE_MESSAGES = {
    Grade.GENERAL: "一般问题须由问题所在县（市、区）、市或省市场监管局工作人员办理",
    Grade.MAJOR: "较大问题须由问题所在市或省市场监管局工作人员办理",
    Grade.CRITICAL: "重大问题须由省局规划人员办理",
}


@pytest.mark.parametrize("grade", list(Grade.values))
def test_the_refusal_names_who_must_handle_the_grade(grade: str) -> None:
    # given a problem of the grade, and the 清徐 county officer for the higher grades
    problem = problem_in_state(ProblemState.REGISTERED, grade=grade)
    user = people.leader() if grade == Grade.GENERAL else people.county_officer_qingxu()
    # when they try to analyse it, then the message names the grade's handlers and their role
    with pytest.raises(TransitionRefused) as refused:
        problem_transition(
            problem=problem, actor=user, transition="analyse", comment="x", root_cause="y"
        )
    assert GRADE_MESSAGES[grade] in refused.value.message
    assert "您的角色（" in refused.value.message


def test_an_officer_outside_the_jurisdiction_is_told_so() -> None:
    # given a general problem in 清徐 and a 晋中 city officer who outranks the grade
    problem = problem_in_state(ProblemState.REGISTERED)
    org = people.bureau("晋中市市场监督管理局", Organisation.Level.CITY, "140700")
    user = people.UserFactory(username="jz", organisation=org, role=Role.CITY_OFFICER)
    # when they analyse it, then the refusal says it is not theirs
    with pytest.raises(TransitionRefused) as refused:
        problem_transition(
            problem=problem, actor=user, transition="analyse", comment="x", root_cause="y"
        )
    assert refused.value.message.startswith("该问题属于清徐县，不在您的辖区内")


def test_close_requires_a_passed_effectiveness_check() -> None:
    # given a problem under effectiveness check, not yet verified
    problem = problem_in_state(ProblemState.EFFECTIVENESS_CHECK)
    officer = people.county_officer_qingxu()
    # when the officer closes it, then it is refused: the check has not passed
    with pytest.raises(TransitionInvalid) as refused:
        problem_transition(
            problem=problem, actor=officer, transition="close", comment="关闭", evidence_note="报告"
        )
    assert refused.value.message == "问题尚未通过效果验证（当前状态“效果验证”），不能关闭。"
    # when the check passes, then closing works and stamps closed_at
    problem_transition(
        problem=problem,
        actor=officer,
        transition="check_pass",
        comment="复测合格",
        evidence_note="报告",
    )
    problem.refresh_from_db()
    assert (problem.state, problem.check_result) == (ProblemState.EFFECTIVENESS_CHECK, "passed")
    problem_transition(
        problem=problem, actor=officer, transition="close", comment="关闭", evidence_note="报告"
    )
    problem.refresh_from_db()
    assert problem.state == ProblemState.CLOSED and problem.closed_at is not None


def test_a_failed_check_sends_the_problem_back_to_in_progress() -> None:
    problem = problem_in_state(ProblemState.EFFECTIVENESS_CHECK)
    officer = people.county_officer_qingxu()
    problem_transition(
        problem=problem,
        actor=officer,
        transition="check_fail",
        comment="复测仍超标",
        evidence_note="复测报告",
    )
    problem.refresh_from_db()
    assert (problem.state, problem.check_result) == (ProblemState.IN_PROGRESS, "failed")


def test_reopen_clears_the_check_and_returns_to_analysed() -> None:
    problem = problem_in_state(ProblemState.CLOSED, check=CheckResult.PASSED)
    problem_transition(
        problem=problem,
        actor=people.province_planner(),
        transition="reopen",
        comment="用户再次投诉",
    )
    problem.refresh_from_db()
    assert problem.state == ProblemState.ANALYSED
    assert problem.check_result == "" and problem.closed_at is None


@pytest.mark.parametrize(
    ("transition", "field", "message"),
    [
        ("analyse", "comment", "请填写说明：每次状态变更都须写明理由。"),
        ("analyse", "root_cause", "请填写根本原因：完成原因分析须记录根本原因。"),
        ("check_pass", "evidence", "“效果验证通过”须附佐证材料：上传文件或填写佐证说明。"),
    ],
)
def test_comment_root_cause_and_evidence_are_required(
    transition: str, field: str, message: str
) -> None:
    state = TRANSITIONS[transition].sources[0]
    problem = problem_in_state(state)
    kwargs = {"comment": "" if field == "comment" else "说明", "root_cause": ""}
    with pytest.raises(ValidationError) as invalid:
        problem_transition(
            problem=problem, actor=people.county_officer_qingxu(), transition=transition, **kwargs
        )
    assert message in invalid.value.message_dict[field]
    assert problem.events.count() == 0


def test_planning_needs_an_action_and_the_check_needs_every_action_done() -> None:
    officer = people.county_officer_qingxu()
    problem = problem_in_state(ProblemState.ANALYSED)
    problem.actions.all().delete()
    with pytest.raises(TransitionInvalid, match="请先添加至少一项整改措施"):
        problem_transition(problem=problem, actor=officer, transition="plan", comment="x")
    busy = problem_in_state(ProblemState.IN_PROGRESS)
    busy.actions.update(done=False)
    with pytest.raises(TransitionInvalid, match="仍有未完成的整改措施"):
        problem_transition(problem=busy, actor=officer, transition="submit_check", comment="x")


def test_events_are_append_only() -> None:
    problem = problem_in_state(ProblemState.REGISTERED)
    event = problem_transition(
        problem=problem,
        actor=people.county_officer_qingxu(),
        transition="analyse",
        comment="x",
        root_cause="y",
    )
    from qstrong.core.models import AppendOnlyError

    event.comment = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
