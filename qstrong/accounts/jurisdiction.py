"""What part of the registry a user may see and change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qstrong.accounts.models import Organisation, Role

# A region code's significant prefix at each level: 14 → province, 1407 → city, 140703 → county.
LEVEL_PREFIX = {"province": 2, "city": 4, "county": 6}

OFFICER_ROLES = {Role.PROVINCE_PLANNER, Role.CITY_OFFICER, Role.COUNTY_OFFICER}
READ_ROLES = OFFICER_ROLES | {Role.LEADER, Role.ADMIN}


@dataclass(frozen=True)
class Jurisdiction:
    """Everything (prefix ""), a region prefix, one enterprise, or nothing."""

    region_prefix: str | None
    enterprise_id: int | None = None
    can_write: bool = False

    @property
    def is_everything(self) -> bool:
        return self.region_prefix == "" and self.enterprise_id is None

    @property
    def is_nothing(self) -> bool:
        return self.region_prefix is None and self.enterprise_id is None

    def covers_region(self, code: str) -> bool:
        if self.region_prefix is None:
            return False
        return code.startswith(self.region_prefix)


NOTHING = Jurisdiction(region_prefix=None)


def region_prefix(code: str, level: str) -> str:
    """The prefix of a region code at a level; the province of Shanxi is '14'."""
    return code[: LEVEL_PREFIX[level]]


def jurisdiction_of(user: Any) -> Jurisdiction:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.ADMIN:
        return Jurisdiction(region_prefix="", can_write=True)
    org: Organisation | None = user.organisation
    if org is None:
        return NOTHING
    if user.role == Role.ENTERPRISE_USER:
        if org.kind != Organisation.Kind.ENTERPRISE or org.enterprise_id is None:
            return NOTHING
        return Jurisdiction(region_prefix=None, enterprise_id=org.enterprise_id, can_write=True)
    if user.role not in READ_ROLES or org.kind != Organisation.Kind.BUREAU or not org.region_id:
        return NOTHING
    prefix = region_prefix(org.region_id, org.level or "county")
    # A provincial bureau of this province sees the whole registry, out-of-province suppliers too.
    if org.level == Organisation.Level.PROVINCE:
        prefix = ""
    return Jurisdiction(region_prefix=prefix, can_write=user.role in OFFICER_ROLES)
