"""How enterprise data is shown to a user: contact numbers masked for who need not see them."""

from __future__ import annotations

import re
from typing import Any

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.registry.models import Enterprise

MASK = "****"
# A cell may hold several numbers: "0351-1234567；13812345678".
_SEPARATORS = re.compile(r"(\s*[;；,，/、]\s*)")


def _mask_one(phone: str) -> str:
    if len(phone) >= 8:
        return f"{phone[:3]}{MASK}{phone[-4:]}"
    if len(phone) > 2:
        return f"{MASK}{phone[-2:]}"
    return MASK if phone else ""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; each number in a list is masked on its own."""
    phone = (phone or "").strip()
    parts = _SEPARATORS.split(phone)
    # split() with a capturing group keeps the separators at the odd positions.
    return "".join(part if index % 2 else _mask_one(part) for index, part in enumerate(parts))


def can_see_contact(*, user: Any, enterprise: Enterprise) -> bool:
    """The enterprise itself and officers whose jurisdiction covers it; not leaders or others."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.enterprise_id is not None:
        return jurisdiction.enterprise_id == enterprise.pk
    if getattr(user, "role", "") not in OFFICER_ROLES:
        return False
    return jurisdiction.covers_region(enterprise.region_id)


def contact_phone_for(*, user: Any, enterprise: Enterprise) -> str:
    """The enterprise's contact phone as this user may see it."""
    if can_see_contact(user=user, enterprise=enterprise):
        return enterprise.contact_phone
    return mask_phone(enterprise.contact_phone)
