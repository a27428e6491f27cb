"""Reads of quality problems, key projects, the loss ledger and programmes, scoped to the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from qstrong.accounts.jurisdiction import Jurisdiction, jurisdiction_of
from qstrong.quality.models import (
    OPEN_STATES,
    ZERO,
    Enrolment,
    Grade,
    KeyProject,
    Milestone,
    Problem,
    ProblemAction,
    ProblemEvent,
    ProblemState,
    Programme,
    QualityLoss,
)
from qstrong.registry.facts import enterprise_certifications, enterprise_facts
from qstrong.registry.models import Chain, Enterprise
from qstrong.registry.selectors import region_within_prefix, scope_enterprises


def _scope_by_region(qs: QuerySet[Any], jurisdiction: Jurisdiction, field: str) -> QuerySet[Any]:
    if jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.region_prefix == "":
        return qs
    return qs.filter(**{f"{field}__startswith": jurisdiction.region_prefix})


def problems_visible(*, user: Any) -> QuerySet[Problem]:
    """Problems of the user's region (the problem's own region); for an enterprise, its own."""
    jurisdiction = jurisdiction_of(user)
    qs = Problem.objects.filter(archived_at__isnull=True)
    if jurisdiction.enterprise_id is not None:
        return qs.filter(enterprises=jurisdiction.enterprise_id)
    return _scope_by_region(qs, jurisdiction, "region__code")


def _overdue_actions(today: Any) -> Exists:
    return Exists(
        ProblemAction.objects.filter(problem=OuterRef("pk"), done=False, deadline__lt=today)
    )


@dataclass(frozen=True)
class ProblemFilters:
    q: str = ""
    chain: str = ""
    grade: str = ""
    klass: str = ""
    state: str = ""
    overdue: bool = False
    programme: str = ""


def problem_search(*, user: Any, filters: ProblemFilters) -> QuerySet[Problem]:
    today = timezone.localdate()
    qs = problems_visible(user=user).annotate(has_overdue=_overdue_actions(today))
    if filters.q.strip():
        qs = qs.filter(Q(title__icontains=filters.q.strip()) | Q(description__icontains=filters.q))
    if filters.chain:
        qs = qs.filter(chain__code=filters.chain)
    if filters.grade:
        qs = qs.filter(grade=filters.grade)
    if filters.klass:
        qs = qs.filter(klass=filters.klass)
    if filters.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif filters.state:
        qs = qs.filter(state=filters.state)
    if filters.overdue:
        qs = qs.filter(has_overdue=True)
    if filters.programme:
        qs = qs.filter(programme__code=filters.programme)
    return qs.select_related("chain", "segment", "region").order_by("-registered_at", "-pk")


KANBAN_CAP = 100


def problem_kanban(
    *, user: Any, filters: ProblemFilters, cap: int | None = None
) -> list[dict[str, Any]]:
    """Columns in state order (rejected last): the true count and the newest `cap` problems."""
    cap = KANBAN_CAP if cap is None else cap
    qs = problem_search(user=user, filters=ProblemFilters(**{**filters.__dict__, "state": ""}))
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    columns = []
    for state, label in ProblemState.choices:
        count = counts.get(state, 0)
        items = list(qs.filter(state=state)[:cap]) if count else []
        columns.append(
            {
                "state": state,
                "label": label,
                "problems": items,
                "count": count,
                "more": count - len(items),
            }
        )
    return columns


def problem_detail(*, user: Any, pk: int) -> Problem:
    """One visible problem with what its page shows; Problem.DoesNotExist outside the scope."""
    return (
        problems_visible(user=user)
        .select_related("chain", "segment", "region", "region__parent", "programme")
        .prefetch_related(
            "enterprises",
            Prefetch(
                "actions",
                queryset=ProblemAction.objects.select_related("owner_bureau", "owner_enterprise"),
            ),
            Prefetch(
                "events",
                queryset=ProblemEvent.objects.select_related("actor").prefetch_related("files"),
            ),
            Prefetch("key_projects", queryset=KeyProject.objects.order_by("name")),
            "losses",
        )
        .get(pk=pk)
    )


def problem_project_losses(*, user: Any, problem: Problem) -> list[QualityLoss]:
    """Ledger rows of the visible key projects that tackle the problem (counted on the project)."""
    projects = key_projects_visible(user=user).filter(problems=problem).values("pk")
    return list(
        QualityLoss.objects.filter(key_project__in=projects)
        .select_related("key_project")
        .order_by("key_project__name", "-year", "pk")
    )


def key_projects_visible(*, user: Any) -> QuerySet[KeyProject]:
    jurisdiction = jurisdiction_of(user)
    qs = KeyProject.objects.filter(archived_at__isnull=True)
    if jurisdiction.enterprise_id is not None:
        mine = jurisdiction.enterprise_id
        return qs.filter(Q(lead_enterprise=mine) | Q(partner_enterprises=mine)).distinct()
    return _scope_by_region(qs, jurisdiction, "lead_enterprise__region__code")


def key_project_list(*, user: Any, chain: str = "") -> QuerySet[KeyProject]:
    qs = key_projects_visible(user=user)
    if chain:
        qs = qs.filter(chain__code=chain)
    return (
        qs.select_related("lead_enterprise", "chain", "programme")
        .annotate(
            problem_count=Count("problems", distinct=True),
            milestone_count=Count("milestones", distinct=True),
            milestones_done=Count(
                "milestones", filter=Q(milestones__done_on__isnull=False), distinct=True
            ),
        )
        .order_by("chain__sort_order", "name")
    )


def key_project_detail(*, user: Any, pk: int) -> KeyProject:
    return (
        key_projects_visible(user=user)
        .select_related("lead_enterprise", "lead_enterprise__region", "chain", "programme")
        .prefetch_related("partner_enterprises", "problems", "milestones", "indicators", "losses")
        .get(pk=pk)
    )


def losses_visible(*, user: Any) -> QuerySet[QualityLoss]:
    """Ledger rows whose problem or key project the user may see."""
    problems = problems_visible(user=user).values("pk")
    projects = key_projects_visible(user=user).values("pk")
    return (
        QualityLoss.objects.filter(Q(problem__in=problems) | Q(key_project__in=projects))
        .select_related(
            "problem",
            "problem__chain",
            "problem__programme",
            "key_project",
            "key_project__chain",
            "key_project__programme",
        )
        .order_by("-year", "pk")
    )


@dataclass
class Total:
    """A ledger total: failures avoided and savings (万元), over some rows."""

    key: Any
    label: str
    rows: int = 0
    failures_avoided: int = 0
    savings: Decimal = ZERO

    def add(self, loss: QualityLoss) -> None:
        self.rows += 1
        self.failures_avoided += loss.failures_avoided
        self.savings += loss.savings


@dataclass
class LedgerTotals:
    overall: Total
    by_chain: list[Total] = field(default_factory=list)
    by_programme: list[Total] = field(default_factory=list)
    by_year: list[Total] = field(default_factory=list)


# Four decimals, as stored: SQLite sums in floating point, this takes its noise off.
CENTS = Decimal("0.0001")
MONEY = DecimalField(max_digits=24, decimal_places=4)

# QualityLoss.savings in SQL: failures count no money when the cost of one is not recorded.
SAVINGS_SQL = ExpressionWrapper(
    Case(
        When(cost_per_failure__isnull=True, then=Value(ZERO)),
        default=(F("failures_before") - F("failures_after")) * F("cost_per_failure"),
        output_field=MONEY,
    )
    + (F("other_cost_before") - F("other_cost_after")),
    output_field=MONEY,
)
FAILURES_SQL = ExpressionWrapper(
    F("failures_before") - F("failures_after"), output_field=IntegerField()
)


def _exact(value: Any) -> Decimal:
    return (Decimal(value) if value is not None else ZERO).quantize(CENTS)


def loss_chain_filter(losses: QuerySet[QualityLoss], code: str) -> QuerySet[QualityLoss]:
    """Rows whose subject (problem or key project) lies on the chain."""
    return losses.filter(Q(problem__chain__code=code) | Q(key_project__chain__code=code))


def _grouped(losses: QuerySet[QualityLoss], key: Any) -> list[dict[str, Any]]:
    rows: Any = (
        losses.order_by()
        .annotate(group=key)
        .values("group")
        .annotate(rows=Count("pk"), failures=Sum(FAILURES_SQL), saved=Sum(SAVINGS_SQL))
        .filter(group__isnull=False)
    )
    return list(rows)


def _totals(rows: list[dict[str, Any]], labels: dict[Any, tuple[Any, str]]) -> list[Total]:
    return [
        Total(
            key=labels[r["group"]][0],
            label=labels[r["group"]][1],
            rows=r["rows"],
            failures_avoided=int(r["failures"] or 0),
            savings=_exact(r["saved"]),
        )
        for r in rows
        if r["group"] in labels
    ]


def _totals_in_python(losses: Iterable[QualityLoss]) -> LedgerTotals:
    overall = Total(key=None, label="")
    chains: dict[Any, Total] = {}
    programmes: dict[Any, Total] = {}
    years: dict[int, Total] = {}
    for loss in losses:
        overall.add(loss)
        chain, programme = loss.chain, loss.programme
        if chain is not None:
            chains.setdefault(chain.pk, Total(key=chain.code, label=chain.name)).add(loss)
        if programme is not None:
            programmes.setdefault(
                programme.pk, Total(key=programme.code, label=programme.name)
            ).add(loss)
        years.setdefault(loss.year, Total(key=loss.year, label=str(loss.year))).add(loss)
    return LedgerTotals(
        overall=overall,
        by_chain=sorted(chains.values(), key=lambda t: -t.savings),
        by_programme=sorted(programmes.values(), key=lambda t: -t.savings),
        by_year=sorted(years.values(), key=lambda t: -int(t.key)),
    )


def loss_totals(losses: QuerySet[QualityLoss] | Iterable[QualityLoss]) -> LedgerTotals:
    """Totals overall, per chain, per pilot (programme) and per year, in exact decimals.

    A queryset is summed by the database (four queries, however many rows); a list of rows,
    as older callers pass, is summed in Python with the same result.
    """
    if not isinstance(losses, QuerySet):
        return _totals_in_python(losses)
    plain = losses.order_by()
    overall = plain.aggregate(
        rows=Count("pk"), failures=Sum(FAILURES_SQL), savings=Sum(SAVINGS_SQL)
    )
    chain_rows = _grouped(plain, Coalesce("problem__chain", "key_project__chain"))
    programme_rows = _grouped(plain, Coalesce("problem__programme", "key_project__programme"))
    chain_labels = {
        c.pk: (c.code, c.name)
        for c in Chain.objects.filter(pk__in=[r["group"] for r in chain_rows])
    }
    programme_labels = {
        p.pk: (p.code, p.name)
        for p in Programme.objects.filter(pk__in=[r["group"] for r in programme_rows])
    }
    year_rows = _grouped(plain, F("year"))
    return LedgerTotals(
        overall=Total(
            key=None,
            label="",
            rows=overall["rows"],
            failures_avoided=int(overall["failures"] or 0),
            savings=_exact(overall["savings"]),
        ),
        by_chain=sorted(_totals(chain_rows, chain_labels), key=lambda t: (-t.savings, t.key)),
        by_programme=sorted(
            _totals(programme_rows, programme_labels), key=lambda t: (-t.savings, t.key)
        ),
        by_year=sorted(
            _totals(year_rows, {r["group"]: (r["group"], str(r["group"])) for r in year_rows}),
            key=lambda t: -int(t.key),
        ),
    )


def savings_of(losses: QuerySet[QualityLoss]) -> tuple[int, Decimal]:
    """Rows and total savings (万元) of some ledger rows, summed by the database."""
    result = losses.order_by().aggregate(rows=Count("pk"), savings=Sum(SAVINGS_SQL))
    return result["rows"], _exact(result["savings"])


def programmes_visible(*, user: Any) -> QuerySet[Programme]:
    """A programme organised in the user's area, or one whose area covers the user's."""
    jurisdiction = jurisdiction_of(user)
    qs = Programme.objects.filter(archived_at__isnull=True)
    if jurisdiction.enterprise_id is not None:
        return qs.filter(enrolments__enterprise=jurisdiction.enterprise_id).distinct()
    prefix = jurisdiction.region_prefix
    if prefix is None:
        return qs.none()
    if prefix == "":
        return qs
    # The organiser's area covers the user's when the user's prefix starts with it.
    covering = [
        p.pk
        for p in qs.only("pk", "region_id")
        if prefix.startswith(region_within_prefix(p.region_id))
    ]
    return qs.filter(Q(region__code__startswith=prefix) | Q(pk__in=covering))


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    measure: str  # what is counted: certified / premium / closed / milestones
    savings: Decimal | None = None

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


def _enrolled_enterprises(programme: Programme) -> list[Enterprise]:
    return [
        e.enterprise
        for e in programme.enrolments.filter(kind=Enrolment.Kind.ENTERPRISE).select_related(
            "enterprise"
        )
        if e.enterprise is not None
    ]


def programme_progress(programme: Programme) -> Progress:
    """Progress computed from the records, never typed in."""
    kind = programme.kind
    if kind == Programme.Kind.CERTIFICATION:
        wanted = programme.target_certification or "ISO9001"
        enterprises = _enrolled_enterprises(programme)
        # Certificate records (nqi, through registry.facts) decide where they exist: a
        # certificate counts while valid today, the typed list only for enterprises without any.
        today = timezone.localdate()
        facts = enterprise_facts(as_of=today, enterprise_ids=[e.pk for e in enterprises])
        done = sum(
            1
            for e in enterprises
            if wanted in (enterprise_certifications(enterprise=e, as_of=today, facts=facts) or [])
        )
        return Progress(done=done, total=len(enterprises), measure="certified")
    if kind == Programme.Kind.SHANXI_PREMIUM:
        enterprises = _enrolled_enterprises(programme)
        done = sum(1 for e in enterprises if "shanxi_premium" in (e.tags or []))
        return Progress(done=done, total=len(enterprises), measure="premium")
    if kind == Programme.Kind.PILOT:
        problems = programme.problems.filter(archived_at__isnull=True).exclude(
            state=ProblemState.REJECTED
        )
        _rows, savings = savings_of(
            QualityLoss.objects.filter(
                Q(problem__programme=programme) | Q(key_project__programme=programme)
            )
        )
        return Progress(
            done=problems.filter(state=ProblemState.CLOSED).count(),
            total=problems.count(),
            measure="closed",
            savings=savings,
        )
    milestones = programme.milestones.all()
    return Progress(
        done=milestones.filter(done_on__isnull=False).count(),
        total=milestones.count(),
        measure="milestones",
    )


def programmes_progress(programmes: Iterable[Programme]) -> dict[int, Progress]:
    """programme_progress for a list of programmes in a fixed number of queries (the list page
    and the API): the same figures, grouped by the database instead of one programme at a time."""
    programmes = list(programmes)
    by_kind: dict[str, list[int]] = {}
    for programme in programmes:
        by_kind.setdefault(programme.kind, []).append(programme.pk)
    kinds = Programme.Kind
    found: dict[int, Progress] = {}
    enrolled_kinds = [kinds.CERTIFICATION, kinds.SHANXI_PREMIUM]
    enrolled_ids = [pk for kind in enrolled_kinds for pk in by_kind.get(kind, [])]
    enrolled: dict[int, list[Enterprise]] = {pk: [] for pk in enrolled_ids}
    for enrolment in Enrolment.objects.filter(
        programme_id__in=enrolled_ids, kind=Enrolment.Kind.ENTERPRISE
    ).select_related("enterprise"):
        if enrolment.enterprise is not None:
            enrolled[enrolment.programme_id].append(enrolment.enterprise)
    today = timezone.localdate()
    certifying = [p for p in programmes if p.kind == kinds.CERTIFICATION]
    facts = enterprise_facts(
        as_of=today,
        enterprise_ids=sorted({e.pk for p in certifying for e in enrolled[p.pk]}),
    )
    for programme in certifying:
        wanted = programme.target_certification or "ISO9001"
        enterprises = enrolled[programme.pk]
        done = sum(
            1
            for e in enterprises
            if wanted in (enterprise_certifications(enterprise=e, as_of=today, facts=facts) or [])
        )
        found[programme.pk] = Progress(done=done, total=len(enterprises), measure="certified")
    for pk in by_kind.get(kinds.SHANXI_PREMIUM, []):
        enterprises = enrolled[pk]
        done = sum(1 for e in enterprises if "shanxi_premium" in (e.tags or []))
        found[pk] = Progress(done=done, total=len(enterprises), measure="premium")
    pilots = by_kind.get(kinds.PILOT, [])
    if pilots:
        counts: dict[int, tuple[int, int]] = {
            programme_id: (closed, total)
            for programme_id, total, closed in Problem.objects.filter(
                programme_id__in=pilots, archived_at__isnull=True
            )
            .exclude(state=ProblemState.REJECTED)
            .order_by()
            .values("programme_id")
            .annotate(total=Count("pk"), closed=Count("pk", filter=Q(state=ProblemState.CLOSED)))
            .values_list("programme_id", "total", "closed")
        }
        saved: dict[int, Decimal] = {pk: ZERO for pk in pilots}
        # A loss counts once for a programme, through its problem or its key project.
        for problem_programme, project_programme, amount in (
            QualityLoss.objects.filter(
                Q(problem__programme_id__in=pilots) | Q(key_project__programme_id__in=pilots)
            )
            .order_by()
            .values("problem__programme_id", "key_project__programme_id")
            .annotate(saved=Sum(SAVINGS_SQL))
            .values_list("problem__programme_id", "key_project__programme_id", "saved")
        ):
            for pk in {problem_programme, project_programme}:
                if pk in saved:
                    saved[pk] += amount or ZERO
        for pk in pilots:
            done, total = counts.get(pk, (0, 0))
            found[pk] = Progress(done, total, measure="closed", savings=_exact(saved[pk]))
    rest = [p.pk for p in programmes if p.pk not in found]
    if rest:
        steps: dict[int, tuple[int, int]] = {
            programme_id: (done, total)
            for programme_id, total, done in Milestone.objects.filter(programme_id__in=rest)
            .order_by()
            .values("programme_id")
            .annotate(total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False)))
            .values_list("programme_id", "total", "done")
        }
        for pk in rest:
            done, total = steps.get(pk, (0, 0))
            found[pk] = Progress(done, total, measure="milestones")
    return found


def programme_detail(*, user: Any, pk: int) -> Programme:
    return (
        programmes_visible(user=user)
        .select_related("region")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("position")))
        .get(pk=pk)
    )


def programme_subjects(*, user: Any, programme: Programme) -> list[Enrolment]:
    """Enrolled subjects; enterprises only where the user may see them."""
    visible = set(
        Enterprise.objects.filter(pk__in=programme.enrolments.values("enterprise_id")).values_list(
            "pk", flat=True
        )
    )
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.is_everything:
        visible = set(
            scope_enterprises(Enterprise.objects.filter(pk__in=visible), jurisdiction).values_list(
                "pk", flat=True
            )
        )
    rows = programme.enrolments.select_related("enterprise", "chain", "town", "county")
    return [e for e in rows if e.kind != Enrolment.Kind.ENTERPRISE or e.enterprise_id in visible]


def _open_by_grade(problems: QuerySet[Problem]) -> list[dict[str, Any]]:
    counts = dict(
        problems.filter(state__in=OPEN_STATES).values_list("grade").annotate(n=Count("pk"))
    )
    return [{"grade": g, "label": label, "count": counts.get(g, 0)} for g, label in Grade.choices]


def enterprise_panel(*, user: Any, enterprise: Enterprise) -> dict[str, Any]:
    problems = problems_visible(user=user).filter(enterprises=enterprise)
    projects = key_projects_visible(user=user).filter(
        Q(lead_enterprise=enterprise) | Q(partner_enterprises=enterprise)
    )
    rows, savings = savings_of(
        losses_visible(user=user).filter(
            Q(problem__in=problems.values("pk")) | Q(key_project__in=projects.values("pk"))
        )
    )
    return {
        "by_grade": _open_by_grade(problems),
        "open_problems": list(problems.filter(state__in=OPEN_STATES).select_related("chain")[:10]),
        "key_projects": list(projects.distinct().select_related("chain")),
        "savings": savings,
        "loss_rows": rows,
    }


def chain_panel(*, user: Any, chain: Chain) -> dict[str, Any]:
    problems = problems_visible(user=user).filter(chain=chain)
    projects = key_projects_visible(user=user).filter(chain=chain)
    rows, savings = savings_of(loss_chain_filter(losses_visible(user=user), chain.code))
    return {
        "by_grade": _open_by_grade(problems),
        "open_problems": list(
            problems.filter(state__in=OPEN_STATES).select_related("segment")[:10]
        ),
        "key_projects": list(projects.select_related("lead_enterprise")),
        "savings": savings,
        "loss_rows": rows,
    }
