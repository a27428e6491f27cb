"""Who may read dashboards and figures, and who may enter them.

Aggregate figures (province, city, county, chain, town) are the programme's own statistics:
every officer and leader reads all of them. Figures of one enterprise are that enterprise's
data: they follow the registry's jurisdiction (another county's enterprise answers 404).
Entering figures: administrators and the provincial bureau for everything; city and county
officers for their own regions, towns and enterprises.
"""

from __future__ import annotations

from typing import Any

from qstrong.accounts.jurisdiction import OFFICER_ROLES, READ_ROLES, jurisdiction_of
from qstrong.accounts.models import Role
from qstrong.accounts.permissions import is_admin
from qstrong.insights.models import SubjectKind

PROVINCE_ONLY_KINDS = {SubjectKind.PROVINCE, SubjectKind.CHAIN}


def can_view_dashboards(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    jurisdiction = jurisdiction_of(user)
    return getattr(user, "role", "") in READ_ROLES and jurisdiction.region_prefix is not None


def can_enter_figures(user: Any) -> bool:
    """May open the entry form and the import at all (the subject is checked separately)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return getattr(user, "role", "") in OFFICER_ROLES and jurisdiction_of(user).can_write


def can_write_subject(user: Any, *, kind: str, region_code: str) -> bool:
    """`region_code` is where the subject sits ('' for the province or a chain)."""
    if not can_enter_figures(user):
        return False
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.is_everything or user.role == Role.PROVINCE_PLANNER:
        return True
    if kind in PROVINCE_ONLY_KINDS or not region_code:
        return False
    return jurisdiction.covers_region(region_code)
