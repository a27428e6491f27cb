"""Reads of outreach activities, needs and tasks, always scoped to the user's jurisdiction."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from qstrong.accounts.jurisdiction import Jurisdiction, jurisdiction_of
from qstrong.accounts.models import Organisation
from qstrong.casework.models import (
    OPEN_TASK_STATES,
    ActivityAttachment,
    ActivityPhoto,
    Need,
    OutreachActivity,
    Task,
    TaskEvent,
)
from qstrong.core.models import AuditEvent
from qstrong.registry.models import Chain, Enterprise, Region, Town
from qstrong.registry.selectors import enterprises_visible, scope_enterprises

DUE_SOON_DAYS = 3


# --- outreach activities -----------------------------------------------------------------------


def _activity_scope(jurisdiction: Jurisdiction) -> Q | None:
    """None = everything; Q() never matching is expressed by the caller with .none()."""
    prefix = jurisdiction.region_prefix
    if jurisdiction.is_everything:
        return None
    through = OutreachActivity
    assert prefix  # a region prefix here: enterprises and "nothing" are handled by the caller
    return (
        Q(
            pk__in=through.organisers.through.objects.filter(
                organisation__region__code__startswith=prefix
            ).values("outreachactivity_id")
        )
        | Q(
            pk__in=through.enterprises.through.objects.filter(
                enterprise__region__code__startswith=prefix
            ).values("outreachactivity_id")
        )
        | Q(
            pk__in=through.towns.through.objects.filter(
                town__county__code__startswith=prefix
            ).values("outreachactivity_id")
        )
    )


def activities_visible(*, user: Any) -> QuerySet[OutreachActivity]:
    """Activities organised by or serving the user's jurisdiction; enterprise users see none."""
    jurisdiction = jurisdiction_of(user)
    qs = OutreachActivity.objects.filter(archived_at__isnull=True)
    if jurisdiction.enterprise_id is not None or jurisdiction.region_prefix is None:
        return qs.none()
    scope = _activity_scope(jurisdiction)
    return qs if scope is None else qs.filter(scope)


def activity_list(
    *, user: Any, kind: str = "", start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[OutreachActivity]:
    qs = activities_visible(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return qs.prefetch_related("organisers", "enterprises", "chains", "towns").annotate(
        need_count=Count("needs", distinct=True), photo_count=Count("photos", distinct=True)
    )


def activity_detail(*, user: Any, pk: int) -> OutreachActivity:
    """One activity with everything on its page; DoesNotExist outside the scope."""
    return (
        activities_visible(user=user)
        .prefetch_related(
            "organisers",
            "chains",
            "towns",
            Prefetch("enterprises", queryset=Enterprise.objects.select_related("region")),
            Prefetch(
                "photos",
                queryset=ActivityPhoto.objects.filter(archived_at__isnull=True).order_by("pk"),
            ),
            Prefetch(
                "attachments",
                queryset=ActivityAttachment.objects.filter(archived_at__isnull=True),
            ),
            Prefetch("needs", queryset=needs_visible(user=user).prefetch_related("tasks")),
        )
        .get(pk=pk)
    )


def activity_removed_files(
    *, activity: OutreachActivity
) -> tuple[list[ActivityPhoto], list[ActivityAttachment]]:
    """Photos and attachments taken off the page: kept as evidence, listed with the reason."""
    # Not through activity.photos: on a prefetched activity that is the live-only queryset.
    removed = {"activity_id": activity.pk, "archived_at__isnull": False}
    return (
        list(ActivityPhoto.objects.filter(**removed).order_by("archived_at")),
        list(ActivityAttachment.objects.filter(**removed).order_by("archived_at")),
    )


def activity_history(*, activity: OutreachActivity, limit: int = 50) -> list[AuditEvent]:
    """The activity's audit trail, newest first: creation, edits, files added and removed."""
    return list(
        AuditEvent.objects.filter(
            object_type="casework.outreachactivity", object_id=str(activity.pk)
        )
        .select_related("actor")
        .order_by("-at", "-pk")[:limit]
    )


def activity_photo(*, user: Any, pk: int) -> ActivityPhoto:
    """A photo (live or removed) of an activity the user sees; DoesNotExist otherwise."""
    return ActivityPhoto.objects.select_related("activity").get(
        pk=pk, activity__in=activities_visible(user=user)
    )


def activity_attachment(*, user: Any, pk: int) -> ActivityAttachment:
    return ActivityAttachment.objects.select_related("activity").get(
        pk=pk, activity__in=activities_visible(user=user)
    )


def activities_serving(
    *,
    user: Any,
    enterprise: Enterprise | None = None,
    chain: Chain | None = None,
    town: Town | None = None,
    limit: int = 5,
) -> list[OutreachActivity]:
    """Recent activities that served a subject. An enterprise user sees the ones that served it
    (date, kind and title only: the page shows no internals)."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.enterprise_id is not None:
        if enterprise is None or enterprise.pk != jurisdiction.enterprise_id:
            return []
        qs = OutreachActivity.objects.filter(archived_at__isnull=True)
    else:
        qs = activities_visible(user=user)
    if enterprise is not None:
        qs = qs.filter(enterprises=enterprise)
    if chain is not None:
        qs = qs.filter(chains=chain)
    if town is not None:
        qs = qs.filter(towns=town)
    return list(qs.order_by("-date", "-pk")[:limit])


# --- needs and tasks ---------------------------------------------------------------------------


def _need_scope(jurisdiction: Jurisdiction) -> Q | None:
    if jurisdiction.is_everything:
        return None
    if jurisdiction.enterprise_id is not None:
        return Q(enterprise_id=jurisdiction.enterprise_id)
    prefix = jurisdiction.region_prefix
    assert prefix
    return (
        Q(enterprise__region__code__startswith=prefix)
        | Q(town__county__code__startswith=prefix)
        | Q(bureau__region__code__startswith=prefix)
        | Q(
            pk__in=Task.objects.filter(responsible_bureau__region__code__startswith=prefix).values(
                "need_id"
            )
        )
    )


def _task_scope(jurisdiction: Jurisdiction) -> Q | None:
    if jurisdiction.is_everything:
        return None
    if jurisdiction.enterprise_id is not None:
        return Q(need__enterprise_id=jurisdiction.enterprise_id)
    prefix = jurisdiction.region_prefix
    assert prefix
    return (
        Q(need__enterprise__region__code__startswith=prefix)
        | Q(need__town__county__code__startswith=prefix)
        | Q(need__bureau__region__code__startswith=prefix)
        | Q(responsible_bureau__region__code__startswith=prefix)
    )


def needs_visible(*, user: Any) -> QuerySet[Need]:
    jurisdiction = jurisdiction_of(user)
    qs = Need.objects.filter(archived_at__isnull=True).select_related(
        "enterprise", "chain", "town", "bureau", "activity"
    )
    if jurisdiction.is_nothing:
        return qs.none()
    scope = _need_scope(jurisdiction)
    return qs if scope is None else qs.filter(scope)


def tasks_visible(*, user: Any) -> QuerySet[Task]:
    jurisdiction = jurisdiction_of(user)
    qs = Task.objects.filter(
        archived_at__isnull=True, need__archived_at__isnull=True
    ).select_related(
        "need",
        "need__enterprise",
        "need__chain",
        "need__town",
        "responsible_bureau",
        "responsible_person",
    )
    if jurisdiction.is_nothing:
        return qs.none()
    scope = _task_scope(jurisdiction)
    return qs if scope is None else qs.filter(scope)


@dataclass(frozen=True)
class TaskFilters:
    state: str = ""
    bureau: int | None = None
    person: int | None = None
    enterprise: int | None = None
    chain: int | None = None
    town: int | None = None
    overdue: bool = False
    due_week: bool = False
    q: str = ""


def due_this_week_q(today: dt.date) -> Q:
    """Not yet done and due from today to this Sunday (the week officers plan by)."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return Q(due_date__range=(today, sunday), state__in=OPEN_TASK_STATES)


def overdue_q(today: dt.date) -> Q:
    return Q(due_date__lt=today, state__in=OPEN_TASK_STATES)


def task_search(*, user: Any, filters: TaskFilters, today: dt.date | None = None) -> QuerySet[Task]:
    qs = tasks_visible(user=user)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.bureau:
        qs = qs.filter(responsible_bureau_id=filters.bureau)
    if filters.person:
        qs = qs.filter(responsible_person_id=filters.person)
    if filters.enterprise:
        qs = qs.filter(need__enterprise_id=filters.enterprise)
    if filters.chain:
        qs = qs.filter(need__chain_id=filters.chain)
    if filters.town:
        qs = qs.filter(need__town_id=filters.town)
    if filters.overdue:
        qs = qs.filter(overdue_q(today or timezone.localdate()))
    if filters.due_week:
        qs = qs.filter(due_this_week_q(today or timezone.localdate()))
    if filters.q.strip():
        q = filters.q.strip()
        qs = qs.filter(Q(action__icontains=q) | Q(need__description__icontains=q))
    return qs.order_by("due_date", "pk")


def need_search(*, user: Any, filters: TaskFilters) -> QuerySet[Need]:
    """Needs matching the same subject / unit / person filters as the task list."""
    qs = needs_visible(user=user)
    if filters.enterprise:
        qs = qs.filter(enterprise_id=filters.enterprise)
    if filters.chain:
        qs = qs.filter(chain_id=filters.chain)
    if filters.town:
        qs = qs.filter(town_id=filters.town)
    if filters.bureau:
        qs = qs.filter(tasks__responsible_bureau_id=filters.bureau).distinct()
    if filters.person:
        qs = qs.filter(tasks__responsible_person_id=filters.person).distinct()
    if filters.state in Need.State.values:
        qs = qs.filter(state=filters.state)
    return qs.order_by("raised_on", "pk")


def need_detail(*, user: Any, pk: int) -> Need:
    return (
        needs_visible(user=user)
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.filter(archived_at__isnull=True).select_related(
                    "responsible_bureau", "responsible_person"
                ),
            )
        )
        .get(pk=pk)
    )


def task_detail(*, user: Any, pk: int) -> Task:
    return (
        tasks_visible(user=user)
        .select_related("verified_by", "need__bureau", "need__activity")
        .prefetch_related(
            Prefetch("events", queryset=TaskEvent.objects.select_related("actor")), "evidence"
        )
        .get(pk=pk)
    )


def tasks_responsible(*, user: Any) -> QuerySet[Task]:
    """Tasks the user answers for: theirs by name, or their bureau's when nobody is named."""
    qs = tasks_visible(user=user)
    mine = Q(responsible_person=user)
    if getattr(user, "organisation_id", None):
        mine |= Q(responsible_person__isnull=True, responsible_bureau_id=user.organisation_id)
    return qs.filter(mine)


def tasks_supervised(*, user: Any) -> QuerySet[Task]:
    """Tasks of the bureaus below the user's own, inside their jurisdiction."""
    org = getattr(user, "organisation", None)
    jurisdiction = jurisdiction_of(user)
    if org is None or jurisdiction.region_prefix is None or jurisdiction.enterprise_id:
        return Task.objects.none()
    below = {
        Organisation.Level.PROVINCE: [Organisation.Level.CITY, Organisation.Level.COUNTY],
        Organisation.Level.CITY: [Organisation.Level.COUNTY],
    }.get(org.level, [])
    qs = tasks_visible(user=user).filter(responsible_bureau__level__in=below)
    if jurisdiction.region_prefix:
        qs = qs.filter(responsible_bureau__region__code__startswith=jurisdiction.region_prefix)
    return qs


def my_overdue(*, user: Any, today: dt.date | None = None) -> tuple[list[Task], list[Task]]:
    """(overdue tasks the user answers for, overdue tasks of the bureaus they supervise)."""
    today = today or timezone.localdate()
    mine = list(tasks_responsible(user=user).filter(overdue_q(today)).order_by("due_date", "pk"))
    supervised = list(
        tasks_supervised(user=user).filter(overdue_q(today)).order_by("due_date", "pk")
    )
    return mine, supervised


def subject_casework(
    *,
    user: Any,
    enterprise: Enterprise | None = None,
    chain: Chain | None = None,
    town: Town | None = None,
) -> tuple[list[Need], list[Task]]:
    """A subject's open needs and their open (not yet verified) tasks, for its panel."""
    needs = needs_visible(user=user).filter(state=Need.State.OPEN)
    tasks = tasks_visible(user=user).exclude(state=Task.State.VERIFIED)
    if enterprise is not None:
        needs, tasks = (
            needs.filter(enterprise=enterprise),
            tasks.filter(need__enterprise=enterprise),
        )
    elif chain is not None:
        needs, tasks = needs.filter(chain=chain), tasks.filter(need__chain=chain)
    elif town is not None:
        needs, tasks = needs.filter(town=town), tasks.filter(need__town=town)
    return list(needs.order_by("raised_on", "pk")[:50]), list(tasks.order_by("due_date")[:50])


KANBAN_MAX_CARDS = 800


@dataclass
class Kanban:
    """Cards per state (at most `limit` in all) and the true count of every column."""

    cards: dict[str, list[Task]]
    counts: dict[str, int]
    limit: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shown(self) -> int:
        return sum(len(cards) for cards in self.cards.values())

    @property
    def truncated(self) -> bool:
        return self.shown < self.total


def kanban(*, user: Any, filters: TaskFilters, limit: int = KANBAN_MAX_CARDS) -> Kanban:
    """The board. Each column gets an equal share of the cards (a share a column does not
    use goes to the others), so a flood of verified tasks never hides the open ones."""
    qs = task_search(user=user, filters=filters)
    counts = {state: 0 for state in Task.State.values}
    for row in qs.order_by().values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    shares = _column_shares(counts, limit)
    cards = {
        state: list(qs.filter(state=state)[: shares[state]]) if shares[state] else []
        for state in Task.State.values
    }
    return Kanban(cards=cards, counts=counts, limit=limit)


def _column_shares(counts: dict[str, int], limit: int) -> dict[str, int]:
    shares = {state: 0 for state in counts}
    left, open_cols = limit, [s for s, n in counts.items() if n]
    while left > 0 and open_cols:
        each = max(1, left // len(open_cols))
        for state in list(open_cols):
            take = min(each, counts[state] - shares[state], left)
            shares[state] += take
            left -= take
            if shares[state] >= counts[state]:
                open_cols.remove(state)
            if left <= 0:
                break
    return shares


# --- calendar and statistics -------------------------------------------------------------------


def calendar_month(*, user: Any, year: int, month: int) -> list[list[dict[str, Any]]]:
    """Weeks (Monday first) of day cells, each with the visible activities of that day."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    by_day: dict[dt.date, list[OutreachActivity]] = defaultdict(list)
    for activity in activities_visible(user=user).filter(date__range=(first, last)).order_by("pk"):
        by_day[activity.date].append(activity)
    return [
        [{"date": day, "in_month": day.month == month, "activities": by_day[day]} for day in week]
        for week in weeks
    ]


def period_key(day: dt.date, period: str) -> str:
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if period == "half":
        return f"{day.year}H{1 if day.month <= 6 else 2}"
    return str(day.year)


@dataclass
class StatsRow:
    period: str
    activities: int = 0
    enterprises: int = 0
    by_region: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class OutreachStats:
    rows: list[StatsRow]
    regions: list[tuple[str, str]]  # (code, name) columns
    total_activities: int
    total_enterprises: int


def _region_at(code: str, level: str) -> str:
    return code if level == "county" else code[:4] + "00"


def outreach_stats(
    *, user: Any, start: dt.date, end: dt.date, period: str = "month", level: str = "city"
) -> OutreachStats:
    """Activities and DISTINCT enterprises served per period, and per city or county.

    An enterprise visited three times in a month counts once in that month; the per-region
    columns count an activity once in every region whose enterprises it served. Only the
    enterprises the user may see are counted.
    """
    activities = activities_visible(user=user).filter(date__range=(start, end))
    dates = dict(activities.values_list("pk", "date"))
    visible = scope_enterprises(Enterprise.objects.all(), jurisdiction_of(user)).values("pk")
    served = OutreachActivity.enterprises.through.objects.filter(
        outreachactivity_id__in=activities.values("pk"), enterprise_id__in=visible
    ).values_list("outreachactivity_id", "enterprise_id", "enterprise__region_id")
    acts: dict[str, set[int]] = defaultdict(set)
    ents: dict[str, set[int]] = defaultdict(set)
    region_acts: dict[tuple[str, str], set[int]] = defaultdict(set)
    region_ents: dict[tuple[str, str], set[int]] = defaultdict(set)
    all_ents: set[int] = set()
    for pk, day in dates.items():
        acts[period_key(day, period)].add(pk)
    for activity_id, enterprise_id, region_id in served:
        key, region = period_key(dates[activity_id], period), _region_at(region_id, level)
        ents[key].add(enterprise_id)
        region_acts[(key, region)].add(activity_id)
        region_ents[(key, region)].add(enterprise_id)
        all_ents.add(enterprise_id)
    codes = sorted({region for _key, region in region_ents})
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = [
        StatsRow(
            period=key,
            activities=len(acts[key]),
            enterprises=len(ents[key]),
            by_region={
                code: (len(region_acts[(key, code)]), len(region_ents[(key, code)]))
                for code in codes
            },
        )
        for key in sorted(acts)
    ]
    return OutreachStats(
        rows=rows,
        regions=[(code, names.get(code, code)) for code in codes],
        total_activities=len(dates),
        total_enterprises=len(all_ents),
    )


def distinct_enterprises_served(*, user: Any, start: dt.date, end: dt.date) -> int:
    return outreach_stats(user=user, start=start, end=end, period="year").total_enterprises


def bureau_choices(*, user: Any) -> QuerySet[Organisation]:
    """Bureaus the user may name as organiser or responsible unit: their jurisdiction's and
    the ones above it (a county may report to the city and the province)."""
    jurisdiction = jurisdiction_of(user)
    qs = Organisation.objects.filter(kind=Organisation.Kind.BUREAU).select_related("region")
    if jurisdiction.is_everything:
        return qs
    prefix = jurisdiction.region_prefix or "~"
    above = {prefix[:2] + "0000", prefix[:4] + "00"}
    return qs.filter(Q(region__code__startswith=prefix) | Q(region__code__in=above))


def enterprise_choices(*, user: Any) -> QuerySet[Enterprise]:
    return enterprises_visible(user=user).only("pk", "name", "uscc")


PICKER_LIMIT = 20


def enterprise_picker_search(*, user: Any, q: str, limit: int = PICKER_LIMIT) -> list[Enterprise]:
    """Enterprises the user sees whose name contains `q` or whose USCC starts with it.

    Exact USCC and names that start with `q` come first; at most `limit` (20) rows.
    """
    q = q.strip()
    if not q:
        return []
    qs = enterprises_visible(user=user).select_related("region")
    match = Q(name__icontains=q) | Q(uscc__startswith=q.upper())
    first = list(
        qs.filter(Q(uscc=q.upper()) | Q(name__startswith=q)).order_by("name", "pk")[:limit]
    )
    seen = {e.pk for e in first}
    rest = qs.filter(match).exclude(pk__in=seen).order_by("name", "pk")[: limit - len(first)]
    return (first + list(rest))[:limit]
