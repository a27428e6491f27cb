"""Who may do what in the food-safety routine, beyond what their jurisdiction lets them see.

The records are the enterprise's own (Order No. 60 puts the duty on the enterprise): only the
enterprise's users write them. Officers of the jurisdiction enrol enterprises, read, comment and
send a fix back; leaders read.
"""

from __future__ import annotations

from typing import Any

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.permissions import is_admin

# GB/T 4754-2017 codes of food producers and traders: food processing (less feed, C132), food
# manufacture, drinks; food wholesale and retail (less tobacco), supermarkets, convenience stores.
FOOD_INDUSTRY_PREFIXES = ("C13", "C14", "C15", "F512", "F5211", "F5212", "F5213", "F522")
NON_FOOD_PREFIXES = ("C132", "F5128", "F5227")


def is_food_industry(code: str | None) -> bool:
    if not code:
        return False
    return code.startswith(FOOD_INDUSTRY_PREFIXES) and not code.startswith(NON_FOOD_PREFIXES)


def is_enterprise_user_of(user: Any, enterprise: Any) -> bool:
    jurisdiction = jurisdiction_of(user)
    return jurisdiction.can_write and jurisdiction.enterprise_id == enterprise.pk


def is_officer_over(user: Any, enterprise: Any) -> bool:
    """An officer (or administrator) whose jurisdiction covers the enterprise, with write rights."""
    if not getattr(user, "is_authenticated", False):
        return False
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write or jurisdiction.enterprise_id is not None:
        return False
    if not (is_admin(user) or getattr(user, "role", "") in OFFICER_ROLES):
        return False
    return jurisdiction.covers_region(enterprise.region_id)


def can_fill_records(user: Any, enterprise: Any) -> bool:
    """Daily checks, reports, minutes, the risk list and fixes: the enterprise itself."""
    return is_enterprise_user_of(user, enterprise)


def can_enrol(user: Any, enterprise: Any) -> bool:
    return is_officer_over(user, enterprise)


def can_comment(user: Any, enterprise: Any) -> bool:
    return is_officer_over(user, enterprise)


def can_edit_staff(user: Any, enterprise: Any) -> bool:
    """The staff names: the enterprise keeps them current; the enrolling officer may set them."""
    return is_enterprise_user_of(user, enterprise) or is_officer_over(user, enterprise)


def is_officer_view(user: Any) -> bool:
    """Sees the routine overview of a jurisdiction (officers, leaders, administrators)."""
    jurisdiction = jurisdiction_of(user)
    return jurisdiction.enterprise_id is None and jurisdiction.region_prefix is not None
