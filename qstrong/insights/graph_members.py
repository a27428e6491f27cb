"""The chain graph's reads of a chain's members, bounded by what the graph draws.

A chain of the province's size has tens of thousands of members, but its graph draws at most
NODES_SHOWN of each segment and role, one "其余… ×N" node for the rest and one "其他地区企业 ×N"
node for those the viewer may not see by name. So the graph reads: a grouped count per segment
and role (all members, and those the viewer sees), the first few visible members of each group
by name (a window over the chain's members), and only the members that a supply link touches
(the edges and the concentration risks need no other). Three queries, none of which returns
rows in proportion to the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Window
from django.db.models.functions import RowNumber

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.registry.models import Chain, ChainMember, Enterprise
from qstrong.registry.selectors import members_visible

_FIELDS = (
    "pk",
    "enterprise_id",
    "segment_id",
    "role",
    "enterprise__name",
    "enterprise__region__name",
    "segment__position",
)


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A chain member as the graph needs it: one row of a values query, no model instances."""

    pk: int
    enterprise_id: int
    segment_id: int | None
    role: str
    name: str
    region: str
    position: int


@dataclass(frozen=True, slots=True)
class RoleGroup:
    """The members of one role in one segment: how many in all, how many the viewer sees."""

    segment_id: int | None
    role: str
    total: int
    visible: int


def _rows(qs: QuerySet[ChainMember]) -> list[MemberRow]:
    return [
        MemberRow(pk, eid, sid, role, name, region or "", position or 0)
        for pk, eid, sid, role, name, region, position in qs.values_list(*_FIELDS)
    ]


def _alive(chain: Chain) -> QuerySet[ChainMember]:
    """The chain's members whose enterprise is current, whoever looks (an anti-join on the small
    partial index of archived enterprises, as the province's own counts read them)."""
    archived = Enterprise.objects.filter(pk=OuterRef("enterprise_id"), archived_at__isnull=False)
    return ChainMember.objects.filter(chain=chain).filter(~Exists(archived))


def role_groups(chain: Chain, *, user: Any) -> list[RoleGroup]:
    """Every (segment, role) of the chain with its member counts: one grouped count (two for a
    viewer who does not see the whole province)."""

    def counts(qs: QuerySet[ChainMember]) -> dict[tuple[int | None, str], int]:
        grouped = qs.order_by().values("segment_id", "role").annotate(n=Count("pk"))
        return {(sid, role): n for sid, role, n in grouped.values_list("segment_id", "role", "n")}

    total = counts(_alive(chain))
    if jurisdiction_of(user).is_everything:
        seen = total
    else:
        seen = counts(members_visible(ChainMember.objects.filter(chain=chain), user=user))
    return [RoleGroup(sid, role, n, seen.get((sid, role), 0)) for (sid, role), n in total.items()]


def first_visible(chain: Chain, *, user: Any, shown: int) -> list[MemberRow]:
    """The first `shown` members by name of each segment and role that the viewer sees."""
    if shown <= 0:
        return []
    rank = Window(
        RowNumber(),
        partition_by=[F("segment_id"), F("role")],
        order_by=[F("enterprise__name").asc(), F("pk").asc()],
    )
    visible = members_visible(ChainMember.objects.filter(chain=chain), user=user)
    return _rows(visible.annotate(rank=rank).filter(rank__lte=shown).order_by())


def linked_members(chain: Chain, *, enterprise_ids: set[int]) -> list[MemberRow]:
    """The chain's current members among `enterprise_ids` (the ends of its supply links)."""
    if not enterprise_ids:
        return []
    return _rows(_alive(chain).filter(enterprise_id__in=enterprise_ids).order_by())


def chain_member_ids(chain: Chain) -> QuerySet[ChainMember, Any]:
    """The chain's current members' enterprise ids, as a subquery (never a list in Python)."""
    return _alive(chain).values("enterprise_id")
