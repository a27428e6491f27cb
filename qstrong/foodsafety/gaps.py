"""Which records of the routine are due in a period and which of them are missing (pure logic).

The rules (docs/foodsafety.md):
- a day is due once it is over (before today), from the enrolment day on;
- a week (ISO, Monday–Sunday) is due once its Sunday is over, a month once its last day is over;
  they count in the period that holds their last day, and only whole weeks and months after
  enrolment count (an enterprise enrolled on a Wednesday owes its first report the next week);
- the annual report for year Y is due by ANNUAL_DUE (31 January of Y+1); the period's check is
  the latest year due by the period's end, if the enterprise was enrolled on or before 1 January Y.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)
ANNUAL_DUE_MONTH, ANNUAL_DUE_DAY = 1, 31

IsoWeek = tuple[int, int]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last))

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} ~ {self.end:%Y-%m-%d}"

    def days(self) -> Iterator[dt.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += ONE_DAY


@dataclass
class Gaps:
    """One enterprise's gaps in a period; `total` orders the gap list."""

    missing_days: list[dt.date] = field(default_factory=list)
    missing_weeks: list[IsoWeek] = field(default_factory=list)
    missing_months: list[dt.date] = field(default_factory=list)
    annual_missing: int | None = None  # the year whose report is missing
    overdue_issues: int = 0
    open_issues: int = 0
    due_days: int = 0

    @property
    def total(self) -> int:
        return (
            len(self.missing_days)
            + len(self.missing_weeks)
            + len(self.missing_months)
            + (1 if self.annual_missing else 0)
            + self.overdue_issues
        )

    @property
    def week_labels(self) -> list[str]:
        return [f"{y}-W{w:02d}" for y, w in self.missing_weeks]

    @property
    def month_labels(self) -> list[str]:
        return [f"{m:%Y-%m}" for m in self.missing_months]


def last_day_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def due_days(*, enrolled_on: dt.date, period: Period, today: dt.date) -> list[dt.date]:
    first = max(period.start, enrolled_on)
    last = min(period.end, today - ONE_DAY)
    return list(Period(first, last).days()) if first <= last else []


def due_weeks(*, enrolled_on: dt.date, period: Period, today: dt.date) -> list[IsoWeek]:
    weeks: list[IsoWeek] = []
    # Sundays inside the period that are over; their Monday must not precede enrolment.
    sunday = period.start + dt.timedelta(days=(6 - period.start.weekday()))
    while sunday <= period.end and sunday < today:
        monday = sunday - dt.timedelta(days=6)
        if monday >= enrolled_on:
            iso = monday.isocalendar()
            weeks.append((iso.year, iso.week))
        sunday += dt.timedelta(days=7)
    return weeks


def due_months(*, enrolled_on: dt.date, period: Period, today: dt.date) -> list[dt.date]:
    months: list[dt.date] = []
    first = period.start.replace(day=1)
    while first <= period.end:
        last = last_day_of_month(first)
        if period.start <= last <= period.end and last < today and first >= enrolled_on:
            months.append(first)
        first = last + ONE_DAY
    return months


def annual_due_on(year: int) -> dt.date:
    return dt.date(year + 1, ANNUAL_DUE_MONTH, ANNUAL_DUE_DAY)


def due_annual_year(*, enrolled_on: dt.date, period: Period, today: dt.date) -> int | None:
    """The latest year whose report is due (its due day over) by the period's end."""
    limit = min(period.end, today - ONE_DAY)
    year = limit.year - 1 if limit >= annual_due_on(limit.year - 1) else limit.year - 2
    return year if dt.date(year, 1, 1) >= enrolled_on else None


def compute_gaps(
    *,
    enrolled_on: dt.date,
    period: Period,
    today: dt.date,
    checked_days: set[dt.date],
    reported_weeks: set[IsoWeek],
    meeting_months: set[dt.date],
    annual_years: set[int],
    open_issue_deadlines: list[dt.date],
) -> Gaps:
    days = due_days(enrolled_on=enrolled_on, period=period, today=today)
    weeks = due_weeks(enrolled_on=enrolled_on, period=period, today=today)
    months = due_months(enrolled_on=enrolled_on, period=period, today=today)
    year = due_annual_year(enrolled_on=enrolled_on, period=period, today=today)
    return Gaps(
        missing_days=[d for d in days if d not in checked_days],
        missing_weeks=[w for w in weeks if w not in reported_weeks],
        missing_months=[m for m in months if m not in meeting_months],
        annual_missing=year if year is not None and year not in annual_years else None,
        overdue_issues=sum(1 for deadline in open_issue_deadlines if deadline < today),
        open_issues=len(open_issue_deadlines),
        due_days=len(days),
    )


def parse_iso_week(value: str) -> IsoWeek:
    """'2026-W07' → (2026, 7); ValueError when it is no such week."""
    text = value.strip().upper()
    if len(text) != 8 or text[4:6] != "-W" or not (text[:4] + text[6:]).isdigit():
        raise ValueError(value)
    year, week = int(text[:4]), int(text[6:])
    dt.date.fromisocalendar(year, week, 1)  # raises ValueError for week 53 of a 52-week year
    return year, week


def parse_month(value: str) -> dt.date:
    """'2026-07' → 2026-07-01; ValueError otherwise."""
    text = value.strip()
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isdigit():
        raise ValueError(value)
    return dt.date(int(text[:4]), int(text[5:]), 1)
