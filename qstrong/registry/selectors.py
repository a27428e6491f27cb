"""Reads of the registry, always scoped to what the user may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber

from qstrong.accounts.jurisdiction import Jurisdiction, jurisdiction_of
from qstrong.accounts.models import Organisation
from qstrong.accounts.permissions import is_admin
from qstrong.core.models import AuditEvent
from qstrong.registry.models import (
    Chain,
    ChainMember,
    ChainRole,
    Enterprise,
    EnterpriseCount,
    ImportBatch,
    Industry,
    Region,
    Segment,
    SupplyLink,
    Town,
    TownMember,
)
from qstrong.registry.uscc import looks_like_uscc_prefix

SORTABLE = {
    "name": "name",
    "-name": "-name",
    "uscc": "uscc",
    "-uscc": "-uscc",
    "region": "region_id",
    "-region": "-region_id",
    "industry": "industry_id",
    "-industry": "-industry_id",
    "employees": "employees",
    "-employees": "-employees",
    "revenue": "revenue",
    "-revenue": "-revenue",
    "established": "established",
    "-established": "-established",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


def scope_enterprises(qs: QuerySet[Enterprise], jurisdiction: Jurisdiction) -> QuerySet[Enterprise]:
    if jurisdiction.enterprise_id is not None:
        return qs.filter(pk=jurisdiction.enterprise_id)
    if jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.region_prefix == "":
        return qs
    return qs.filter(**region_filter("region", jurisdiction.region_prefix))


def enterprises_visible(*, user: Any, include_archived: bool = False) -> QuerySet[Enterprise]:
    """Every enterprise the user may read (archived ones only when asked)."""
    qs = Enterprise.objects.all()
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return scope_enterprises(qs, jurisdiction_of(user))


def enterprises_editable(*, user: Any) -> QuerySet[Enterprise]:
    """Enterprises the user may change: their jurisdiction, if their role writes at all."""
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write:
        return Enterprise.objects.none()
    return scope_enterprises(Enterprise.objects.all(), jurisdiction)


@dataclass(frozen=True)
class EnterpriseFilters:
    q: str = ""
    region: str = ""
    industry: str = ""
    chain: str = ""
    role: str = ""
    town: str = ""
    scale: str = ""
    tag: str = ""
    certification: str = ""
    source: str = ""
    sort: str = "name"
    archived: bool = False


def enterprise_search(*, user: Any, filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    """The enterprise list: search by name or USCC, filter, sort; scoped to the user."""
    qs = enterprises_visible(user=user, include_archived=filters.archived)
    if filters.archived:
        qs = qs.filter(archived_at__isnull=False)
    q = filters.q.strip()
    if q and looks_like_uscc_prefix(q):
        # The code's own index (a range), not a scan of the names in name order for a match
        # that no Chinese name holds (docs/performance.md "Search by code").
        prefix = q.upper()
        # The range lets the code's unique index serve it under any collation (every code
        # character sorts before "Z"); the prefix match keeps it exact.
        qs = qs.filter(uscc__gte=prefix, uscc__lt=prefix + "Z", uscc__startswith=prefix)
    elif q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__startswith=q.upper()))
    if filters.region:
        # A county is an equality on region_id: the (region_id, name) index gives its first page
        # in name order; a city or the province a prefix.
        qs = qs.filter(**region_filter("region", region_within_prefix(filters.region)))
    if filters.industry:
        qs = qs.filter(industry__code__startswith=filters.industry.upper())
    if filters.chain or filters.role:
        member = ChainMember.objects.all()
        if filters.chain:
            member = member.filter(chain_id=_pk_of(Chain, filters.chain))
        if filters.role:
            member = member.filter(role=filters.role)
        qs = qs.filter(pk__in=member.values("enterprise_id"))
    if filters.town:
        town_members = TownMember.objects.filter(town_id=_pk_of(Town, filters.town))
        qs = qs.filter(pk__in=town_members.values("enterprise_id"))
    if filters.scale:
        qs = qs.filter(scale=filters.scale)
    if filters.tag:
        qs = qs.filter(_list_contains("tags", filters.tag))
    if filters.certification:
        qs = qs.filter(_list_contains("certifications", filters.certification))
    if filters.source:
        qs = qs.filter(source=filters.source)
    order = SORTABLE.get(filters.sort, "name")
    return qs.select_related("region", "region__parent", "industry").order_by(order, "pk")


def _list_contains(field: str, value: str) -> Q:
    """A JSON list holds this value. PostgreSQL: jsonb containment (@>), which its statistics
    estimate and the GIN index (registry migration 0006) serves for a rare value; SQLite, which
    has no containment lookup: the list's text form, the quotes making the match exact ("ISO9001"
    does not match "ISO90011")."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": f'"{value}"'})


def _pk_of(model: type[Chain] | type[Town], code: str) -> int:
    """A chain's or town's id, read first (0: none such). The membership filter is then a
    subquery on that literal id, whose statistics the planner knows: a chain of 20,000 members
    walks the name index and probes membership (10 ms at 1M); a small one reads its members and
    sorts them. (A list of 20,000 literal ids cost ~0.5 s to send and plan.)"""
    return model.objects.filter(code=code).values_list("pk", flat=True).first() or 0


def region_within_prefix(code: str) -> str:
    """140000 → 14, 140700 → 1407, 140703 → 140703: what `within` means for a region."""
    code = code.strip()
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def enterprise_detail(*, user: Any, pk: int) -> Enterprise:
    """One enterprise with its memberships; raises Enterprise.DoesNotExist outside the scope."""
    qs = (
        enterprises_visible(user=user, include_archived=True)
        .select_related(
            "region", "region__parent", "region__parent__parent", "industry", "industry__parent"
        )
        .prefetch_related(
            Prefetch(
                "chain_memberships",
                queryset=ChainMember.objects.select_related("chain", "segment").order_by(
                    "chain__sort_order"
                ),
            ),
            Prefetch("town_memberships", queryset=TownMember.objects.select_related("town")),
            Prefetch("supplies", queryset=SupplyLink.objects.select_related("customer")),
            Prefetch("supplied_by", queryset=SupplyLink.objects.select_related("supplier")),
        )
    )
    return qs.get(pk=pk)


def enterprise_by_uscc(*, user: Any, uscc: str) -> Enterprise:
    return enterprises_visible(user=user, include_archived=True).get(uscc=uscc.upper())


def enterprise_history(*, enterprise: Enterprise, limit: int = 100) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type="registry.enterprise", object_id=str(enterprise.pk)
    ).select_related("actor")[:limit]


# Fold a region's count deltas into one row once it has more than this many.
COUNT_ROWS_BEFORE_FOLD = 20


def enterprise_counts(*, user: Any) -> dict[str, int]:
    """{region code: current enterprises} inside the user's jurisdiction (regions or nothing),
    from the trigger-kept deltas (models.EnterpriseCount, ADR 0012): a few hundred rows summed,
    whatever the registry's size. A region with many deltas is folded into one row first."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.region_prefix is None or jurisdiction.enterprise_id is not None:
        return {}
    qs = EnterpriseCount.objects.order_by()
    if jurisdiction.region_prefix:
        qs = qs.filter(region__startswith=jurisdiction.region_prefix)
    rows = list(qs.values("region").annotate(total=Sum("n"), rows=Count("pk")))
    crowded = [row["region"] for row in rows if row["rows"] > COUNT_ROWS_BEFORE_FOLD]
    if crowded:
        enterprise_counts_fold(regions=crowded)
    return {row["region"]: row["total"] for row in rows if row["total"]}


def enterprise_counts_fold(*, regions: list[str]) -> None:
    """Replace these regions' delta rows by one row each holding their sum. Rows the triggers
    append meanwhile are not deleted (the DELETE sees only rows committed before it), so the sum
    stays exact under concurrent writers."""
    with transaction.atomic():
        deleted = Counter[str]()
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(regions))
            cursor.execute(
                f"DELETE FROM registry_enterprisecount WHERE region IN ({marks}) "
                "RETURNING region, n",
                regions,
            )
            for region, n in cursor.fetchall():
                deleted[region] += n
        EnterpriseCount.objects.bulk_create(
            [EnterpriseCount(region=region, n=n) for region, n in deleted.items() if n]
        )


def chain_choices() -> QuerySet[Chain]:
    """The chains a filter offers: every current chain, no counts (public reference data)."""
    return Chain.objects.filter(archived_at__isnull=True)


def town_choices() -> QuerySet[Town]:
    return Town.objects.filter(archived_at__isnull=True)


def _member_counts(model: Any, key: str, *, user: Any) -> dict[int, int]:
    """{chain or town id: members the user can see}: one grouped count over the memberships.

    Driven from the membership table (tens of thousands of rows) joined to each member's
    enterprise, never a COUNT(DISTINCT) over an IN subquery of the million enterprises; the
    jurisdiction is a filter on the member's region code (an index range), so that a county's
    count reads only that county's members.
    """
    qs = members_visible(model.objects.all(), user=user)
    return dict(qs.order_by().values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def members_visible(qs: QuerySet[Any], *, user: Any) -> QuerySet[Any]:
    """Memberships (chain, town) whose current enterprise the user may see.

    The province: every membership except those of archived enterprises, an anti-join on the
    small partial index of archived enterprises (enterprise_archived_idx), so the million current
    enterprises are never read; a region: a semi-join on that region's enterprises.
    """
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.enterprise_id is not None:
        return qs.filter(
            enterprise_id=jurisdiction.enterprise_id, enterprise__archived_at__isnull=True
        )
    if jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.region_prefix == "":
        archived = Enterprise.objects.filter(
            pk=OuterRef("enterprise_id"), archived_at__isnull=False
        )
        return qs.filter(~Exists(archived))
    return qs.filter(
        enterprise__archived_at__isnull=True,
        **region_filter("enterprise__region", jurisdiction.region_prefix),
    )


def region_filter(relation: str, prefix: str) -> dict[str, str]:
    """A region prefix as a filter: a full county code is an equality (the index's order holds)."""
    if len(prefix) == 6:
        return {f"{relation}_id": prefix}
    return {f"{relation}__code__startswith": prefix}


def chain_list(*, user: Any) -> list[Chain]:
    """Chains are public reference data; member counts are those the user can see."""
    chains: list[Chain] = list(
        Chain.objects.filter(archived_at__isnull=True).annotate(segment_count=Count("segments"))
    )
    counts = _member_counts(ChainMember, "chain_id", user=user)
    for chain in chains:
        chain.member_count = counts.get(chain.pk, 0)  # type: ignore[attr-defined]
    return chains


# A chain page shows this many members of each segment and role; the rest are counted and one
# click away in the enterprise list (a chain has thousands of members at a province's size).
MEMBERS_SHOWN = 20


@dataclass
class MemberGroup:
    """The members of one role in one segment: the first few by name, and how many in all."""

    role: str
    label: str
    members: list[ChainMember]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.members)


@dataclass
class SegmentMembers:
    segment: Segment | None  # None: members not assigned to a segment
    groups: list[MemberGroup]

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)


def chain_overview(
    *, user: Any, code: str, shown: int | None = None
) -> tuple[Chain, list[SegmentMembers]]:
    """A chain's segments in order (upstream → downstream, unassigned last), each with its
    visible members by role (链主, 链核, 骨干, 配套): a grouped count, and the first `shown`
    members of each group by name — two queries whatever the chain's size."""
    shown = MEMBERS_SHOWN if shown is None else shown
    chain = Chain.objects.get(code=code)
    visible = members_visible(ChainMember.objects.filter(chain=chain), user=user).order_by()
    counts = {
        (segment, role): n
        for segment, role, n in visible.values("segment_id", "role")
        .annotate(n=Count("pk"))
        .values_list("segment_id", "role", "n")
    }
    rank = Window(
        RowNumber(),
        partition_by=[F("segment_id"), F("role")],
        order_by=[F("enterprise__name").asc(), F("pk").asc()],
    )
    first = (
        visible.annotate(rank=rank)
        .filter(rank__lte=shown)
        .select_related("enterprise", "enterprise__region")
        .order_by("enterprise__name", "pk")
    )
    members: dict[tuple[int | None, str], list[ChainMember]] = {}
    for member in first if shown else []:
        members.setdefault((member.segment_id, member.role), []).append(member)
    labels = dict(ChainRole.choices)
    segments: list[Segment | None] = [*chain.segments.order_by("position"), None]
    result = []
    for segment in segments:
        key = segment.pk if segment else None
        groups = [
            MemberGroup(role, str(labels[role]), members.get((key, role), []), counts[(key, role)])
            for role in ChainRole.values
            if counts.get((key, role))
        ]
        if segment is not None or groups:
            result.append(SegmentMembers(segment, groups))
    return chain, result


def town_list(*, user: Any) -> list[Town]:
    towns = list(
        Town.objects.filter(archived_at__isnull=True).select_related("county", "county__parent")
    )
    counts = _member_counts(TownMember, "town_id", user=user)
    for town in towns:
        town.member_count = counts.get(town.pk, 0)  # type: ignore[attr-defined]
    return towns


@dataclass
class TownOverview:
    """A town's visible members: how many (leading and ordinary), and the first few of each by
    name; the rest are one click away in the enterprise list."""

    town: Town
    leading: list[TownMember]
    others: list[TownMember]
    leading_count: int
    other_count: int
    by_scale: dict[str, int]  # only when asked for (the town dashboard)

    @property
    def member_count(self) -> int:
        return self.leading_count + self.other_count

    @property
    def more_leading(self) -> int:
        return self.leading_count - len(self.leading)

    @property
    def more_others(self) -> int:
        return self.other_count - len(self.others)


def town_overview(
    *, user: Any, code: str, shown: int | None = None, by_scale: bool = False
) -> TownOverview:
    """A town page's members in a fixed number of queries, whatever the town's size (a town of
    the province's registry has tens of thousands): counts by role (and by scale if asked, which
    reads the enterprises too) in the database, and the first `shown` leading and ordinary
    members by name."""
    shown = MEMBERS_SHOWN if shown is None else shown
    town = Town.objects.select_related("county", "county__parent", "industry").get(code=code)
    visible = members_visible(TownMember.objects.filter(town=town), user=user).order_by()
    leading_count = other_count = 0
    scales: dict[str, int] = {}
    groups = ["is_leading", "enterprise__scale"] if by_scale else ["is_leading"]
    for is_leading, *scale, n in (
        visible.values(*groups).annotate(n=Count("pk")).values_list(*groups, "n")
    ):
        if is_leading:
            leading_count += n
        else:
            other_count += n
        if by_scale:
            key = scale[0] or "unknown"
            scales[key] = scales.get(key, 0) + n
    first = visible.select_related("enterprise", "enterprise__region").order_by(
        "enterprise__name", "pk"
    )
    return TownOverview(
        town=town,
        leading=list(first.filter(is_leading=True)[:shown]) if leading_count else [],
        others=list(first.filter(is_leading=False)[:shown]) if other_count else [],
        leading_count=leading_count,
        other_count=other_count,
        by_scale=scales,
    )


def region_choices(*, user: Any) -> QuerySet[Region]:
    """Counties and cities inside the user's jurisdiction, for the filter picker."""
    jurisdiction = jurisdiction_of(user)
    qs = Region.objects.filter(code__startswith="14").exclude(level=Region.Level.PROVINCE)
    if jurisdiction.region_prefix:
        qs = qs.filter(code__startswith=jurisdiction.region_prefix)
    return qs.order_by("code")


def industry_choices() -> QuerySet[Industry]:
    return Industry.objects.filter(level__in=[Industry.Level.SECTION, Industry.Level.DIVISION])


def batches_visible(*, user: Any) -> QuerySet[ImportBatch]:
    """Administrators and the provincial bureau see every batch; others their organisation's."""
    qs = ImportBatch.objects.select_related("created_by", "job").order_by("-created_at", "-pk")
    org = getattr(user, "organisation", None)
    if is_admin(user) or (org is not None and org.level == Organisation.Level.PROVINCE):
        return qs
    if org is None:
        return qs.none()
    return qs.filter(created_by__organisation=org)
