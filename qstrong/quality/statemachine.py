"""The problem state machine: which transition leads where, and who may take it at which grade."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.models import Role
from qstrong.quality.models import (
    GRADE_LEVEL,
    LEVEL_RANK,
    CheckResult,
    Grade,
    Level,
    Problem,
    ProblemState,
)

S = ProblemState

# The bureau level an officer's role works at; other roles never move a problem.
ROLE_LEVEL: dict[str, Level] = {
    Role.COUNTY_OFFICER: Level.COUNTY,
    Role.CITY_OFFICER: Level.CITY,
    Role.PROVINCE_PLANNER: Level.PROVINCE,
}

# Who must handle each grade, as officers read it in an error message.
GRADE_HANDLERS: dict[str, Promise] = {
    Grade.GENERAL: gettext_lazy("问题所在县（市、区）、市或省市场监管局工作人员"),
    Grade.MAJOR: gettext_lazy("问题所在市或省市场监管局工作人员"),
    Grade.CRITICAL: gettext_lazy("省局规划人员"),
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    sources: tuple[str, ...]
    target: str
    needs_evidence: bool = False
    style: str = "primary"


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("analyse", gettext_lazy("完成原因分析"), (S.REGISTERED,), S.ANALYSED),
        Transition("plan", gettext_lazy("确定整改措施"), (S.ANALYSED,), S.ACTION_PLANNED),
        Transition("start", gettext_lazy("开始整改"), (S.ACTION_PLANNED,), S.IN_PROGRESS),
        Transition(
            "submit_check", gettext_lazy("提交效果验证"), (S.IN_PROGRESS,), S.EFFECTIVENESS_CHECK
        ),
        Transition(
            "check_pass",
            gettext_lazy("效果验证通过"),
            (S.EFFECTIVENESS_CHECK,),
            S.EFFECTIVENESS_CHECK,
            needs_evidence=True,
            style="success",
        ),
        Transition(
            "check_fail",
            gettext_lazy("效果验证未通过"),
            (S.EFFECTIVENESS_CHECK,),
            S.IN_PROGRESS,
            needs_evidence=True,
            style="warning",
        ),
        Transition(
            "close",
            gettext_lazy("关闭问题"),
            (S.EFFECTIVENESS_CHECK,),
            S.CLOSED,
            needs_evidence=True,
            style="success",
        ),
        Transition(
            "reject",
            gettext_lazy("驳回"),
            (S.REGISTERED, S.ANALYSED),
            S.REJECTED,
            style="outline-danger",
        ),
        Transition(
            "reopen", gettext_lazy("重新打开"), (S.CLOSED,), S.ANALYSED, style="outline-secondary"
        ),
    )
}


class TransitionRefused(PermissionDenied):
    """The user may not move this problem; the message says who may."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransitionInvalid(ValueError):
    """The transition does not apply to the problem as it stands (state, check, actions)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def state_label(state: str) -> str:
    return str(dict(ProblemState.choices).get(state, state))


def transition_get(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError as exc:
        raise TransitionInvalid(_("未知的操作“%(name)s”。") % {"name": name}) from exc


def mover_refusal(*, user: Any, problem: Problem) -> str | None:
    """Why this user may not move (or plan actions on) this problem, or None if they may."""
    grade = Grade(problem.grade)
    needed = GRADE_HANDLERS[grade]
    role = getattr(user, "role", "")
    level = ROLE_LEVEL.get(role) if getattr(user, "is_authenticated", False) else None
    role_label = str(dict(Role.choices).get(role, role)) if role else _("未分配角色的用户")
    if level is None or LEVEL_RANK[level] < LEVEL_RANK[GRADE_LEVEL[grade]]:
        return _("%(grade)s问题须由%(needed)s办理；您的角色（%(role)s）不能变更其状态。") % {
            "grade": problem.get_grade_display(),
            "needed": needed,
            "role": role_label,
        }
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write or not jurisdiction.covers_region(problem.region_id):
        return _("该问题属于%(region)s，不在您的辖区内；%(grade)s问题须由%(needed)s办理。") % {
            "region": problem.region.name,
            "grade": problem.get_grade_display(),
            "needed": needed,
        }
    return None


def can_move(*, user: Any, problem: Problem) -> bool:
    return mover_refusal(user=user, problem=problem) is None


def state_refusal(*, problem: Problem, transition: Transition) -> str | None:
    """Why the transition does not apply to the problem in its current state, or None."""
    if problem.state not in transition.sources:
        return _("问题当前状态为“%(state)s”，不能执行“%(action)s”（仅限状态：%(sources)s）。") % {
            "state": state_label(problem.state),
            "action": transition.label,
            "sources": "、".join(state_label(s) for s in transition.sources),
        }
    if transition.name == "plan" and not problem.actions.exists():
        return _("请先添加至少一项整改措施（应急、纠正或预防措施），再确定整改措施。")
    if transition.name == "submit_check" and problem.actions.filter(done=False).exists():
        return _("仍有未完成的整改措施，全部完成后才能提交效果验证。")
    if transition.name == "check_pass" and problem.check_result == CheckResult.PASSED:
        return _("效果验证已通过，请直接关闭问题。")
    if transition.name == "close" and problem.check_result != CheckResult.PASSED:
        return _("问题尚未通过效果验证（当前状态“%(state)s”），不能关闭。") % {
            "state": state_label(problem.state)
        }
    return None


def transitions_available(*, user: Any, problem: Problem) -> list[Transition]:
    """The transitions this user may take on this problem now (the buttons to show)."""
    if not can_move(user=user, problem=problem):
        return []
    return [
        t
        for t in TRANSITIONS.values()
        if problem.state in t.sources and state_refusal(problem=problem, transition=t) is None
    ]
