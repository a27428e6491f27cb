"""Who may write casework records and move a task from one state to the next."""

from __future__ import annotations

from typing import Any

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.models import Organisation, Role
from qstrong.accounts.permissions import is_admin
from qstrong.casework.models import Task

LEVEL_RANK: dict[str, int] = {
    Organisation.Level.COUNTY.value: 1,
    Organisation.Level.CITY.value: 2,
    Organisation.Level.PROVINCE.value: 3,
}

# (from, to) → who may make the move: the responsible side, the supervising side, or both.
RESPONSIBLE = "responsible"
SUPERVISOR = "supervisor"
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Task.State.OPEN, Task.State.IN_PROGRESS): frozenset({RESPONSIBLE}),
    (Task.State.IN_PROGRESS, Task.State.DONE): frozenset({RESPONSIBLE}),
    (Task.State.DONE, Task.State.VERIFIED): frozenset({SUPERVISOR}),
    # Sending work back: the responsible side may take back a "done", a supervisor may reopen.
    (Task.State.DONE, Task.State.IN_PROGRESS): frozenset({RESPONSIBLE, SUPERVISOR}),
    (Task.State.VERIFIED, Task.State.IN_PROGRESS): frozenset({SUPERVISOR}),
}


def is_officer(user: Any) -> bool:
    """An officer who writes casework: county / city / province staff and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return getattr(user, "role", "") in OFFICER_ROLES and jurisdiction_of(user).can_write


def covers_region(user: Any, code: str | None) -> bool:
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.enterprise_id is not None or code is None:
        return jurisdiction.is_everything
    return jurisdiction.covers_region(code)


def is_responsible(user: Any, task: Task) -> bool:
    """The responsible person, or an officer of the responsible bureau."""
    if not is_officer(user):
        return False
    if task.responsible_person_id is not None and task.responsible_person_id == user.pk:
        return True
    return bool(user.organisation_id and user.organisation_id == task.responsible_bureau_id)


def is_supervisor(user: Any, task: Task) -> bool:
    """An officer at the responsible bureau's level or above whose jurisdiction covers it.

    Four eyes: the responsible person never verifies their own task.
    """
    if not is_officer(user):
        return False
    if task.responsible_person_id is not None and task.responsible_person_id == user.pk:
        return False
    bureau = task.responsible_bureau
    if is_admin(user):
        return True
    org = user.organisation
    if org is None or org.kind != Organisation.Kind.BUREAU:
        return False
    if LEVEL_RANK.get(org.level, 0) < LEVEL_RANK.get(bureau.level, 0):
        return False
    return covers_region(user, bureau.region_id)


def allowed_sides(user: Any, task: Task) -> set[str]:
    sides = set()
    if is_responsible(user, task):
        sides.add(RESPONSIBLE)
    if is_supervisor(user, task):
        sides.add(SUPERVISOR)
    return sides


def can_transition(user: Any, task: Task, to_state: str) -> bool:
    needed = TRANSITIONS.get((task.state, to_state))
    return bool(needed and needed & allowed_sides(user, task))


def next_states(user: Any, task: Task) -> list[str]:
    """The moves this user may make on this task now, in the order the board shows them."""
    return [to for (frm, to) in TRANSITIONS if frm == task.state and can_transition(user, task, to)]


def can_raise_need_for_enterprise(user: Any, enterprise_id: int) -> bool:
    """Enterprise users raise needs for their own enterprise only (through the portal)."""
    jurisdiction = jurisdiction_of(user)
    if getattr(user, "role", "") == Role.ENTERPRISE_USER:
        return jurisdiction.can_write and jurisdiction.enterprise_id == enterprise_id
    return False


def can_edit_activity(user: Any, activity: Any) -> bool:
    """An officer of an organising bureau, or one above it whose jurisdiction covers it.

    Leaders read only; enterprise users never see activities; an officer of a bureau beside
    the organisers (another county, or the same level elsewhere) may not rewrite its record.
    """
    if not is_officer(user):
        return False
    if is_admin(user):
        return True
    org = getattr(user, "organisation", None)
    if org is None or org.kind != Organisation.Kind.BUREAU:
        return False
    for organiser in activity.organisers.all():
        if organiser.pk == org.pk:
            return True
        above = LEVEL_RANK.get(org.level, 0) > LEVEL_RANK.get(organiser.level, 0)
        if above and covers_region(user, organiser.region_id):
            return True
    return False
