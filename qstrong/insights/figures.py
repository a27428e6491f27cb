"""Computed figures — totals, year-on-year growth, shares, rankings — as pure functions.

Every function takes plain records (no database) and returns a Figure that carries, besides its
value, how it was computed: which records, which periods, which unit conversions. A value that
is missing is said to be missing; it is never guessed and never counted as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from qstrong.insights.periods import Period
from qstrong.insights.units import DISPLAY_UNIT, display_number, display_value, unit_of

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Subject:
    kind: str
    code: str
    name: str


@dataclass(frozen=True)
class Record:
    """One stored figure as the computations see it."""

    id: int | None
    subject: Subject
    metric: str
    metric_name: str
    period: Period
    value: Decimal
    unit: str
    source: str = ""
    source_note: str = ""

    @property
    def base_value(self) -> Decimal:
        return self.value * unit_of(self.unit).factor

    @property
    def base_unit(self) -> str:
        return unit_of(self.unit).base

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject_kind": self.subject.kind,
            "subject_code": self.subject.code,
            "subject_name": self.subject.name,
            "metric": self.metric,
            "period": self.period.label,
            "period_key": self.period.key,
            "value": str(self.value),
            "unit": self.unit,
            "base_value": str(self.base_value),
            "base_unit": self.base_unit,
            "source": self.source,
            "source_note": self.source_note,
        }


@dataclass
class Figure:
    """A computed value with its working. `value` is None exactly when something is missing."""

    label: str
    kind: str  # value, total, growth, share
    value: Decimal | None
    unit: str  # the unit `value` is in (元 for money totals, % for growth and shares)
    display_unit: str
    records: list[Record] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    parts: list[Figure] = field(default_factory=list)

    @property
    def is_missing(self) -> bool:
        return self.value is None

    @property
    def display(self) -> str:
        if self.value is None:
            return _("数据缺失")
        if self.unit == "%":
            return display_value(self.value, "%")
        return display_value(self.value / unit_of(self.display_unit).factor, self.display_unit)

    @property
    def display_signed(self) -> str:
        """Growth as the article prints it: +9.5% (or −2.1%)."""
        if self.value is None or self.unit != "%":
            return self.display
        sign = "+" if self.value >= 0 else "−"
        return f"{sign}{display_number(abs(self.value), 1, keep=1)}%"

    def in_unit(self, unit: str) -> Decimal | None:
        if self.value is None:
            return None
        return self.value / unit_of(unit).factor

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "value": None if self.value is None else str(self.value),
            "unit": self.unit,
            "display": self.display,
            "display_signed": self.display_signed,
            "display_unit": self.display_unit,
            "missing": self.missing,
            "periods": [p.label for p in self.periods],
            "steps": self.steps,
            "records": [r.as_dict() for r in self.records],
            "parts": [p.as_dict() for p in self.parts],
        }


def _find(
    records: Iterable[Record], subject: Subject, metric: str, period: Period
) -> Record | None:
    for record in records:
        if (
            record.subject.kind == subject.kind
            and record.subject.code == subject.code
            and record.metric == metric
            and record.period == period
        ):
            return record
    return None


def _step(record: Record) -> str:
    spec = unit_of(record.unit)
    entered = f"{record.subject.name} {record.period.label} {record.metric_name} "
    entered += f"{record.value.normalize():f}{record.unit}"
    if spec.factor == 1:
        return entered
    return f"{entered} = {record.base_value.normalize():f}{spec.base}"


def value_of(
    records: Iterable[Record],
    *,
    subject: Subject,
    metric: str,
    metric_name: str,
    period: Period,
    display_unit: str = "",
) -> Figure:
    """One subject's stored figure, or a statement that it is missing."""
    record = _find(records, subject, metric, period)
    label = f"{subject.name} {period.label} {metric_name}"
    if record is None:
        return Figure(
            label=label,
            kind="value",
            value=None,
            unit="",
            display_unit=display_unit,
            periods=[period],
            missing=[_("%(subject)s %(period)s 没有“%(metric)s”数据")
                     % {"subject": subject.name, "period": period.label, "metric": metric_name}],
        )  # fmt: skip
    spec = unit_of(record.unit)
    unit = "%" if spec.kind == "percent" else spec.base
    return Figure(
        label=label,
        kind="value",
        value=record.base_value,
        unit=unit,
        display_unit=display_unit or _display_unit(record.unit),
        records=[record],
        periods=[period],
        steps=[_step(record)],
    )


def _display_unit(unit: str) -> str:
    spec = unit_of(unit)
    return DISPLAY_UNIT.get(spec.kind, spec.base)


def total(
    records: Iterable[Record],
    *,
    members: Sequence[Subject],
    metric: str,
    metric_name: str,
    period: Period,
    label: str = "",
    display_unit: str = "",
) -> Figure:
    """Σ over the group's members of their figure for the period, in the base unit.

    One missing member makes the total missing: a partial sum is not the group's total.
    """
    pool = list(records)
    found: list[Record] = []
    missing: list[str] = []
    for subject in members:
        record = _find(pool, subject, metric, period)
        if record is None:
            missing.append(
                _("%(subject)s %(period)s 没有“%(metric)s”数据")
                % {"subject": subject.name, "period": period.label, "metric": metric_name}
            )
        else:
            found.append(record)
    bases = {r.base_unit for r in found}
    figure_label = label or _("%(n)s 个对象 %(period)s %(metric)s合计") % {
        "n": len(members),
        "period": period.label,
        "metric": metric_name,
    }
    unit = bases.pop() if len(bases) == 1 else (found[0].base_unit if found else "")
    if len(bases) > 0:
        # More than one base unit left after pop: the records cannot be added.
        missing.append(_("单位不一致，无法加总"))
    steps = [_step(r) for r in found]
    if not members:
        missing.append(_("分组没有成员"))
    if missing:
        steps.append(
            _("缺少 %(n)s 项数据，不计算合计（缺失的数据不按 0 处理）") % {"n": len(missing)}
        )
        value = None
    else:
        value = sum((r.base_value for r in found), Decimal(0))
        steps.append(
            _("合计 = %(n)s 项之和 = %(value)s%(unit)s")
            % {"n": len(found), "value": f"{value.normalize():f}", "unit": unit}
        )
    return Figure(
        label=figure_label,
        kind="total",
        value=value,
        unit=unit,
        display_unit=display_unit or (_display_unit(found[0].unit) if found else unit),
        records=found,
        periods=[period],
        steps=steps,
        missing=missing,
    )


def growth(current: Figure, previous: Figure, *, label: str = "") -> Figure:
    """Year-on-year growth in percent: (current ÷ same period a year earlier − 1) × 100."""
    missing = [*current.missing, *previous.missing]
    steps: list[str] = []
    value: Decimal | None = None
    if current.value is not None and previous.value is not None:
        if current.unit != previous.unit:
            missing.append(_("本期与上年同期单位不一致"))
        elif previous.value == 0:
            missing.append(_("上年同期为 0，增长率无意义"))
        else:
            value = (current.value / previous.value - 1) * HUNDRED
            steps.append(
                _("同比增长 = (%(current)s ÷ %(previous)s − 1) × 100%% = %(value)s%%")
                % {
                    "current": current.display,
                    "previous": previous.display,
                    "value": display_number(value, 4),
                }
            )
    if value is None:
        steps.append(_("缺少本期或上年同期数据，不计算同比增长"))
    return Figure(
        label=label or _("同比增长"),
        kind="growth",
        value=value,
        unit="%",
        display_unit="%",
        records=[*current.records, *previous.records],
        periods=[*current.periods, *previous.periods],
        steps=steps,
        missing=missing,
        parts=[current, previous],
    )


def share(part: Figure, whole: Figure, *, label: str = "") -> Figure:
    """part ÷ whole × 100, in percent."""
    missing = [*part.missing, *whole.missing]
    steps: list[str] = []
    value: Decimal | None = None
    if part.value is not None and whole.value is not None:
        if part.unit != whole.unit:
            missing.append(_("部分与总体单位不一致"))
        elif whole.value == 0:
            missing.append(_("总体为 0，占比无意义"))
        else:
            value = part.value / whole.value * HUNDRED
            steps.append(
                _("占比 = %(part)s ÷ %(whole)s × 100%% = %(value)s%%")
                % {"part": part.display, "whole": whole.display, "value": display_number(value, 4)}
            )
    if value is None:
        steps.append(_("缺少数据，不计算占比"))
    return Figure(
        label=label or _("占比"),
        kind="share",
        value=value,
        unit="%",
        display_unit="%",
        records=[*part.records, *whole.records],
        periods=sorted({*part.periods, *whole.periods}),
        steps=steps,
        missing=missing,
        parts=[part, whole],
    )


def group_growth(
    records: Iterable[Record],
    *,
    members: Sequence[Subject],
    metric: str,
    metric_name: str,
    period: Period,
    label: str = "",
) -> tuple[Figure, Figure]:
    """The group's total for the period and its growth against the same period a year earlier."""
    pool = list(records)
    kwargs: dict[str, Any] = {"members": members, "metric": metric, "metric_name": metric_name}
    current = total(pool, period=period, label=label, **kwargs)
    previous = total(pool, period=period.previous_year(), **kwargs)
    return current, growth(current, previous)


@dataclass
class Ranked:
    rank: int | None
    subject: Subject
    figure: Figure
    growth: Figure | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "subject_kind": self.subject.kind,
            "subject_code": self.subject.code,
            "subject_name": self.subject.name,
            "value": self.figure.as_dict(),
            "growth": None if self.growth is None else self.growth.as_dict(),
        }


def ranking(
    records: Iterable[Record],
    *,
    members: Sequence[Subject],
    metric: str,
    metric_name: str,
    period: Period,
    with_growth: bool = True,
) -> list[Ranked]:
    """Members by their value, largest first; ties share a rank; missing ones last, unranked."""
    pool = list(records)
    rows: list[Ranked] = []
    for subject in members:
        kwargs: dict[str, Any] = {"subject": subject, "metric": metric, "metric_name": metric_name}
        figure = value_of(pool, period=period, **kwargs)
        change = None
        if with_growth:
            change = growth(figure, value_of(pool, period=period.previous_year(), **kwargs))
        rows.append(Ranked(None, subject, figure, change))
    known = sorted(
        (r for r in rows if r.figure.value is not None),
        key=lambda r: (-(r.figure.value or 0), r.subject.code),
    )
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(known, start=1):
        if row.figure.value != previous:
            rank = position
            previous = row.figure.value
        row.rank = rank
    return known + [r for r in rows if r.figure.value is None]
