"""Coverage and equality: how far eligible enterprises are reached, by policy, region and scale."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.policies.models import (
    CoverageTally,
    MatchResult,
    MissingFieldTally,
    MonthTally,
    Outcome,
    Policy,
    Push,
)
from qstrong.policies.tallies import tallies_fresh
from qstrong.registry.models import Region, Scale
from qstrong.registry.selectors import region_filter, region_within_prefix

State = Push.State
# A county whose push rate is this far below its city's is flagged (平等共享).
LAG_THRESHOLD = 0.05
SMALL_SCALES = (Scale.SMALL, Scale.MICRO)
COUNTS = ("eligible", "needs_data", "pushed", "read", "acted", "granted", "declined")
PERIOD_COUNTS = ("reached", "granted_by_end")


@dataclass(frozen=True)
class Window:
    """A period of whole days, both ends included; either end may be open."""

    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def is_all(self) -> bool:
        return self.start is None and self.end is None

    @property
    def since(self) -> dt.datetime | None:
        return _midnight(self.start) if self.start else None

    @property
    def until(self) -> dt.datetime | None:
        """The first instant after the period (exclusive upper bound)."""
        return _midnight(self.end + dt.timedelta(days=1)) if self.end else None

    def contains(self, name: str) -> Q:
        """The timestamp `name` falls in the period (never when it is empty)."""
        q = Q(**{f"{name}__isnull": False})
        if self.since is not None:
            q &= Q(**{f"{name}__gte": self.since})
        if self.until is not None:
            q &= Q(**{f"{name}__lt": self.until})
        return q

    def by_end(self, name: str) -> Q:
        """The timestamp `name` is on or before the period's last day."""
        q = Q(**{f"{name}__isnull": False})
        return q & Q(**{f"{name}__lt": self.until}) if self.until is not None else q


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass
class Funnel:
    """Counts over (policy, enterprise) pairs; every push count is among the eligible pairs."""

    eligible: int = 0
    needs_data: int = 0
    pushed: int = 0
    read: int = 0
    acted: int = 0  # claimed or applied, or decided after that
    granted: int = 0
    declined: int = 0
    # Within a period only (None otherwise): eligible pairs at the period's end that had been
    # pushed / granted by then. Rates and 应享未达 are states at the period's end, whereas the
    # counts above are what happened during the period.
    reached: int | None = None
    granted_by_end: int | None = None

    @property
    def unreached(self) -> int:
        """应享尽享: eligible but never pushed (within a period: not pushed by its end)."""
        return self.eligible - (self.pushed if self.reached is None else self.reached)

    @property
    def push_rate(self) -> float | None:
        reached = self.pushed if self.reached is None else self.reached
        return reached / self.eligible if self.eligible else None

    @property
    def grant_rate(self) -> float | None:
        granted = self.granted if self.granted_by_end is None else self.granted_by_end
        return granted / self.eligible if self.eligible else None

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in (*COUNTS, *PERIOD_COUNTS))

    def add(self, other: Funnel) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in PERIOD_COUNTS:
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine is not None or theirs is not None:
                setattr(self, name, (mine or 0) + (theirs or 0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "needs_data": self.needs_data,
            "pushed": self.pushed,
            "read": self.read,
            "acted": self.acted,
            "granted": self.granted,
            "declined": self.declined,
            "unreached": self.unreached,
            "push_rate": _rounded(self.push_rate),
            "grant_rate": _rounded(self.grant_rate),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class Row:
    key: str
    label: str
    funnel: Funnel
    # Push rate minus the reference's (the city's for a county); None where not compared.
    gap: float | None = None
    lagging: bool = False
    parent: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            **self.funnel.as_dict(),
            "gap": _rounded(self.gap),
            "lagging": self.lagging,
        }


@dataclass
class Equality:
    """平等共享: small and micro against large enterprises; counties against their city."""

    small_micro: Funnel
    large: Funnel
    lagging_counties: list[Row] = field(default_factory=list)

    @property
    def push_gap(self) -> float | None:
        """Large minus small/micro push rate: positive means the small are served worse."""
        if self.small_micro.push_rate is None or self.large.push_rate is None:
            return None
        return self.large.push_rate - self.small_micro.push_rate

    @property
    def grant_gap(self) -> float | None:
        if self.small_micro.grant_rate is None or self.large.grant_rate is None:
            return None
        return self.large.grant_rate - self.small_micro.grant_rate


@dataclass
class Coverage:
    overall: Funnel
    by_policy: list[Row]
    by_city: list[Row]
    by_county: list[Row]
    by_scale: list[Row]
    missing_fields: list[tuple[str, str, int]]
    equality: Equality
    policy: Policy | None = None
    region: str = ""
    window: Window = field(default_factory=Window)


# Reads ----------------------------------------------------------------------------------------


class CoverageDenied(Exception):
    """The user has no regional jurisdiction (an enterprise user, or nobody)."""


def _in_scope(model: Any, *, user: Any, region: str = "") -> QuerySet:
    """Rows of `model` (results or pushes) of published policies for enterprises the user sees."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.region_prefix is None or jurisdiction.enterprise_id is not None:
        raise CoverageDenied
    qs = model.objects.filter(
        policy__state=Policy.State.PUBLISHED,
        policy__archived_at__isnull=True,
        enterprise__archived_at__isnull=True,
    )
    if jurisdiction.region_prefix:
        qs = qs.filter(**region_filter("enterprise__region", jurisdiction.region_prefix))
    if region:
        qs = qs.filter(**region_filter("enterprise__region", region_within_prefix(region)))
    return qs


def results_in_scope(
    *, user: Any, policy: Policy | None = None, region: str = "", window: Window | None = None
) -> QuerySet:
    """Current results of published policies for the enterprises the user may see.

    Each row carries its push's state; within a period also the push's moments: sent, read
    (or, for a push moved on without being opened, claimed or decided), acted (claimed or
    applied; decided for a 免申即享 grant, which has no claim) and decided.
    """
    qs = _in_scope(MatchResult, user=user, region=region)
    if policy is not None:
        qs = qs.filter(policy=policy)
    if window is not None and window.start is not None:
        # Counts stop at the deadline: a period that begins after it has nothing of the policy.
        qs = qs.filter(
            Q(policy__claim_deadline__isnull=True) | Q(policy__claim_deadline__gte=window.start)
        )
    # A push sent after the policy's deadline could not be claimed: it does not count as reach.
    push = (
        Push.objects.annotate(sent_day=TruncDate("sent_at"))
        .filter(policy_id=OuterRef("policy_id"), enterprise_id=OuterRef("enterprise_id"))
        .filter(
            Q(policy__claim_deadline__isnull=True) | Q(sent_day__lte=F("policy__claim_deadline"))
        )
    )
    qs = qs.annotate(push_state=Subquery(push.values("state")[:1]))
    if window is None or window.is_all:
        return qs
    return qs.annotate(
        push_sent_at=Subquery(push.values("sent_at")[:1]),
        push_read_at=Subquery(
            push.annotate(at=Coalesce("read_at", "claimed_at", "decided_at")).values("at")[:1]
        ),
        push_acted_at=Subquery(
            push.annotate(at=Coalesce("claimed_at", "decided_at")).values("at")[:1]
        ),
        push_decided_at=Subquery(push.values("decided_at")[:1]),
    )


def pushes_in_scope(*, user: Any, region: str = "") -> QuerySet:
    """Pushes of published policies to the enterprises the user may see."""
    return _in_scope(Push, user=user, region=region)


def _funnel_aggregates(window: Window | None = None) -> dict[str, Count]:
    if window is not None and not window.is_all:
        return _period_aggregates(window)
    eligible = Q(outcome=Outcome.ELIGIBLE)
    pushed = eligible & Q(push_state__isnull=False)
    return {
        "eligible": Count("pk", filter=eligible),
        "needs_data": Count("pk", filter=Q(outcome=Outcome.NEEDS_DATA)),
        "pushed": Count("pk", filter=pushed),
        "read": Count("pk", filter=pushed & ~Q(push_state=State.SENT)),
        "acted": Count(
            "pk",
            filter=eligible
            & Q(push_state__in=[State.CLAIMED, State.APPLIED, State.GRANTED, State.DECLINED]),
        ),
        "granted": Count("pk", filter=eligible & Q(push_state=State.GRANTED)),
        "declined": Count("pk", filter=eligible & Q(push_state=State.DECLINED)),
    }


def _period_aggregates(window: Window) -> dict[str, Count]:
    """Within a period: what happened in it (pushed … declined), and the state at its end."""
    eligible = Q(outcome=Outcome.ELIGIBLE)
    eligible_by_end = eligible & window.by_end("matched_at")
    granted = Q(push_state=State.GRANTED)
    declined = Q(push_state=State.DECLINED)
    return {
        "eligible": Count("pk", filter=eligible_by_end),
        "needs_data": Count(
            "pk", filter=Q(outcome=Outcome.NEEDS_DATA) & window.by_end("matched_at")
        ),
        "pushed": Count("pk", filter=eligible & window.contains("push_sent_at")),
        "read": Count("pk", filter=eligible & window.contains("push_read_at")),
        "acted": Count("pk", filter=eligible & window.contains("push_acted_at")),
        "granted": Count("pk", filter=eligible & granted & window.contains("push_decided_at")),
        "declined": Count("pk", filter=eligible & declined & window.contains("push_decided_at")),
        "reached": Count("pk", filter=eligible_by_end & window.by_end("push_sent_at")),
        "granted_by_end": Count(
            "pk", filter=eligible_by_end & granted & window.by_end("push_decided_at")
        ),
    }


def _grouped(qs: QuerySet, key: str, window: Window) -> dict[Any, Funnel]:
    aggregates = _funnel_aggregates(window)
    rows = qs.order_by().values(key).annotate(**aggregates)
    funnels = {row[key]: Funnel(**{name: row[name] for name in aggregates}) for row in rows}
    # A group whose results all came after the period, with nothing done in it, is not shown.
    return {key: f for key, f in funnels.items() if window.is_all or not f.is_empty}


def coverage_compute(
    *,
    user: Any,
    policy: Policy | None = None,
    region: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Coverage:
    """Coverage in the user's jurisdiction: overall, per policy, city, county and scale.

    Without start and end: everything, as the results and pushes stand now. Within a period
    (days, both ends included, either may be open): pushed, read, claimed/applied, granted and
    declined count the pushes whose sent / read / claimed / decided moment falls in it; eligible
    and needs data count the current results matched on or before its last day; 应享未达 and the
    rates are as at its last day (eligible then and not yet pushed / granted by then).
    """
    window = Window(start, end)
    if window.is_all:
        overall, by_county_raw, by_scale_raw, by_policy_raw, missing = _from_tallies(
            user=user, policy=policy, region=region
        )
    else:
        qs = results_in_scope(user=user, policy=policy, region=region, window=window)
        overall = Funnel(**qs.order_by().aggregate(**_funnel_aggregates(window)))
        by_county_raw = _grouped(qs, "enterprise__region_id", window)
        by_scale_raw = _grouped(qs, "enterprise__scale", window)
        by_policy_raw = _grouped(qs, "policy_id", window)
        missing = missing_field_counts(qs.filter(window.by_end("matched_at")))

    names = dict(
        Region.objects.filter(
            code__in={*by_county_raw, *{c[:4] + "00" for c in by_county_raw}}
        ).values_list("code", "name")
    )
    cities: dict[str, Funnel] = {}
    for county, funnel in by_county_raw.items():
        cities.setdefault(county[:4] + "00", Funnel()).add(funnel)
    by_city = [
        Row(key=code, label=names.get(code, code), funnel=f) for code, f in sorted(cities.items())
    ]
    by_county = []
    for code, funnel in sorted(by_county_raw.items()):
        city = code[:4] + "00"
        row = Row(key=code, label=names.get(code, code), funnel=funnel, parent=names.get(city, ""))
        city_rate, rate = cities[city].push_rate, funnel.push_rate
        if city_rate is not None and rate is not None:
            row.gap = rate - city_rate
            row.lagging = row.gap <= -LAG_THRESHOLD
        by_county.append(row)

    scale_labels = dict(Scale.choices)
    by_scale = [
        Row(key=key or "", label=str(scale_labels.get(key, _("未记录"))), funnel=by_scale_raw[key])
        for key in [*Scale.values, ""]
        if key in by_scale_raw
    ]
    small = Funnel()
    for key in SMALL_SCALES:
        small.add(by_scale_raw.get(key, Funnel()))
    equality = Equality(
        small_micro=small,
        large=by_scale_raw.get(Scale.LARGE, Funnel()),
        lagging_counties=[row for row in by_county if row.lagging],
    )

    policies = {p.pk: p for p in Policy.objects.filter(pk__in=by_policy_raw)}
    by_policy = [
        Row(key=policies[pk].code, label=policies[pk].title, funnel=f)
        for pk, f in sorted(by_policy_raw.items(), key=lambda item: policies[item[0]].code)
    ]
    return Coverage(
        overall=overall,
        by_policy=by_policy,
        by_city=by_city,
        by_county=by_county,
        by_scale=by_scale,
        missing_fields=missing,
        equality=equality,
        policy=policy,
        region=region,
        window=window,
    )


def _tallies_in_scope(model: Any, *, user: Any, policy: Policy | None, region: str) -> QuerySet:
    """Tallies of published policies in the user's jurisdiction (and the chosen region)."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.region_prefix is None or jurisdiction.enterprise_id is not None:
        raise CoverageDenied
    qs = model.objects.filter(
        policy__state=Policy.State.PUBLISHED, policy__archived_at__isnull=True
    )
    if jurisdiction.region_prefix:
        qs = qs.filter(region__startswith=jurisdiction.region_prefix)
    if region:
        qs = qs.filter(region__startswith=region_within_prefix(region))
    if policy is not None:
        qs = qs.filter(policy=policy)
    return qs.order_by()


def _tally_sums() -> dict[str, Any]:
    """Funnel counts as sums over tally rows: the same definitions as _funnel_aggregates."""
    eligible = Q(outcome=Outcome.ELIGIBLE)
    pushed = eligible & ~Q(push_state="")
    acted = [State.CLAIMED, State.APPLIED, State.GRANTED, State.DECLINED]
    filters = {
        "eligible": eligible,
        "needs_data": Q(outcome=Outcome.NEEDS_DATA),
        "pushed": pushed,
        "read": pushed & ~Q(push_state=State.SENT),
        "acted": eligible & Q(push_state__in=acted),
        "granted": eligible & Q(push_state=State.GRANTED),
        "declined": eligible & Q(push_state=State.DECLINED),
    }
    return {name: Coalesce(Sum("count", filter=q), 0) for name, q in filters.items()}


def _from_tallies(
    *, user: Any, policy: Policy | None, region: str
) -> tuple[
    Funnel,
    dict[Any, Funnel],
    dict[Any, Funnel],
    dict[Any, Funnel],
    list[tuple[str, str, int]],
]:
    """Coverage as results and pushes stand now, from the tallies (policies/tallies.py).

    The database sums the tally rows (tens of thousands for the province) per county, scale and
    policy; Python sees one row per group.
    """
    qs = _tallies_in_scope(CoverageTally, user=user, policy=policy, region=region)
    tallies_fresh()
    sums = _tally_sums()

    def grouped(key: str) -> dict[Any, Funnel]:
        rows = qs.values(key).annotate(**sums).order_by()
        return {row[key]: Funnel(**{name: row[name] for name in sums}) for row in rows}

    by_county = grouped("region")
    by_scale = grouped("scale")
    by_policy = grouped("policy_id")
    overall = Funnel()
    for funnel in by_county.values():
        overall.add(funnel)
    fields = _tallies_in_scope(MissingFieldTally, user=user, policy=policy, region=region)
    missing = fields.values("field").annotate(n=Sum("count")).order_by("-n", "field")
    missing_fields = [(row["field"], field_label(row["field"]), row["n"]) for row in missing]
    return overall, by_county, by_scale, by_policy, missing_fields


def coverage_months(*, user: Any, region: str = "") -> list[tuple[int, int]]:
    """(year, month) in which results were matched or pushes moved, newest first.

    Read from the month tallies (policies/tallies.py), a few rows per policy and county, rather
    than from the timestamps of every result and push in the jurisdiction.
    """
    qs = _tallies_in_scope(MonthTally, user=user, policy=None, region=region)
    tallies_fresh()
    months = qs.values_list("month", flat=True).distinct()
    return sorted({(month.year, month.month) for month in months}, reverse=True)


def missing_field_counts(qs: QuerySet) -> list[tuple[str, str, int]]:
    """(field, label, how many needs-data pairs miss it), most missed first."""
    counts: Counter[str] = Counter()
    rows = qs.filter(outcome=Outcome.NEEDS_DATA).values_list("missing_fields", flat=True)
    for fields in rows.iterator(chunk_size=5000):
        counts.update(set(fields or []))
    return [(name, field_label(name), n) for name, n in counts.most_common()]


def field_label(name: str) -> str:
    """A profile field's Chinese (or English) label, from the rule engine when it is there."""
    try:
        from django.utils.translation import get_language

        from qstrong.policies.rules import FIELDS

        spec = FIELDS.get(name)
        if spec is not None:
            english = (get_language() or "").startswith("en")
            return str(spec.label_en if english else spec.label_zh)
    except ImportError:  # the engine has not landed: fall back to the registry's names
        pass
    from qstrong.registry.models import Enterprise

    try:
        return str(getattr(Enterprise._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # chains, towns, age_years: not enterprise columns
        return name


# Export ---------------------------------------------------------------------------------------


def _headers() -> list[str]:
    return [
        _("符合条件"),
        _("待补充信息"),
        _("已推送"),
        _("已阅读"),
        _("已认领/申报"),
        _("已兑现"),
        _("未获批"),
        _("应享未达"),
        _("推送率"),
        _("兑现率"),
    ]


def _values(funnel: Funnel) -> list[Any]:
    return [
        funnel.eligible,
        funnel.needs_data,
        funnel.pushed,
        funnel.read,
        funnel.acted,
        funnel.granted,
        funnel.declined,
        funnel.unreached,
        funnel.push_rate,
        funnel.grant_rate,
    ]


def coverage_xlsx(coverage: Coverage) -> bytes:
    """The coverage tables as a workbook: one sheet per breakdown, formatted headers."""
    from openpyxl import Workbook

    workbook = Workbook()
    overview = workbook.active
    assert overview is not None
    overview.title = _("总览")
    _sheet(overview, [_("范围")], [([_("合计")], coverage.overall)])
    sheets: list[tuple[str, list[str], list[tuple[list[Any], Funnel]]]] = [
        (
            _("按政策"),
            [_("政策编号"), _("政策名称")],
            [([r.key, r.label], r.funnel) for r in coverage.by_policy],
        ),
        (
            _("按市"),
            [_("行政区划代码"), _("市")],
            [([r.key, r.label], r.funnel) for r in coverage.by_city],
        ),
        (
            _("按县"),
            [_("行政区划代码"), _("县（市、区）"), _("所属市"), _("与全市推送率差")],
            [([r.key, r.label, r.parent, r.gap], r.funnel) for r in coverage.by_county],
        ),
        (_("按企业规模"), [_("企业规模")], [([r.label], r.funnel) for r in coverage.by_scale]),
    ]
    for title, keys, rows in sheets:
        _sheet(workbook.create_sheet(title), keys, rows)
    missing = workbook.create_sheet(_("待补充字段"))
    _header(missing, [_("字段"), _("名称"), _("缺失次数")])
    for name, label, count in coverage.missing_fields:
        missing.append([name, label, count])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Any, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = "A2"
    for index, title in enumerate(headers, start=1):
        width = max(10, min(40, len(str(title)) * 2 + 4))
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width


def _sheet(sheet: Any, keys: list[str], rows: list[tuple[list[Any], Funnel]]) -> None:
    _header(sheet, [*keys, *_headers()])
    for key_values, funnel in rows:
        sheet.append([*key_values, *_values(funnel)])
    percent_columns = [len(keys) + 9, len(keys) + 10]
    if _("与全市推送率差") in keys:
        percent_columns.append(keys.index(_("与全市推送率差")) + 1)
    for row in sheet.iter_rows(min_row=2):
        for column in percent_columns:
            row[column - 1].number_format = "0.0%"
