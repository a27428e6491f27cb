"""Who may register, comment on and record quality work (moving problems: statemachine.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.registry.models import Enterprise, Region


def is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", "") in (
        OFFICER_ROLES
    )


def can_register_for(user: Any, enterprise: Enterprise) -> bool:
    """Officers for enterprises of their jurisdiction; an enterprise user for its own one."""
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write:
        return False
    if jurisdiction.enterprise_id is not None:
        return bool(jurisdiction.enterprise_id == enterprise.pk)
    return is_officer(user) and jurisdiction.covers_region(enterprise.region_id)


def can_register(user: Any) -> bool:
    """Whether the user may register problems at all (shows the button)."""
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write:
        return False
    return jurisdiction.enterprise_id is not None or is_officer(user)


def can_comment(user: Any, problem: Any) -> bool:
    """Anyone who sees the problem and writes at all: officers and the enterprises concerned."""
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write:
        return False
    if jurisdiction.enterprise_id is not None:
        return problem.enterprises.filter(pk=jurisdiction.enterprise_id).exists()
    return is_officer(user) and jurisdiction.covers_region(problem.region_id)


def can_record_for_region(user: Any, region_id: str) -> bool:
    """Key projects, losses and programmes are the bureau's records: officers of the region."""
    jurisdiction = jurisdiction_of(user)
    return (
        is_officer(user)
        and jurisdiction.can_write
        and jurisdiction.enterprise_id is None
        and jurisdiction.covers_region(region_id)
    )


def can_record(user: Any) -> bool:
    """Whether the user records the bureau's work at all (shows the 新建 buttons)."""
    jurisdiction = jurisdiction_of(user)
    return is_officer(user) and jurisdiction.can_write and jurisdiction.enterprise_id is None


def record_regions(user: Any) -> QuerySet[Region]:
    """The areas an officer may organise a programme for: the province, a city or a county
    inside the jurisdiction (the province only for the provincial bureau)."""
    jurisdiction = jurisdiction_of(user)
    if not can_record(user) or jurisdiction.region_prefix is None:
        return Region.objects.none()
    qs = Region.objects.filter(code__startswith=jurisdiction.region_prefix or "14")
    if jurisdiction.region_prefix:
        qs = qs.exclude(level=Region.Level.PROVINCE)
    return qs.order_by("code")
