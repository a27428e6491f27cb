"""Reads of the scheduler's runs: the whole province's work, for province-level users only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qstrong.accounts.jurisdiction import READ_ROLES, jurisdiction_of
from qstrong.accounts.permissions import is_admin
from qstrong.ops.models import ScheduledRun


def can_see_scheduled_runs(user: Any) -> bool:
    """Administrators and province-level bureau users (planners, leaders): the runs are the
    province's nightly work, not any one county's."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return getattr(user, "role", "") in READ_ROLES and jurisdiction_of(user).is_everything


def scheduled_runs_visible(*, user: Any) -> QuerySet[ScheduledRun]:
    if not can_see_scheduled_runs(user):
        return ScheduledRun.objects.none()
    return ScheduledRun.objects.select_related("job").order_by("-slot", "job_name")
