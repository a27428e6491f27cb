"""The routine calendar: month grids of days (checked, issue, missing, not due) by ISO week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from qstrong.foodsafety.gaps import ONE_DAY, IsoWeek, last_day_of_month
from qstrong.foodsafety.models import DailyCheck, MonthlyMeeting, WeeklyReport
from qstrong.registry.models import Enterprise


@dataclass(frozen=True)
class Cell:
    day: dt.date | None
    state: str  # ok / issue / missing / open (not yet due) / before (enrolment) / blank


@dataclass
class WeekRow:
    iso: IsoWeek
    cells: list[Cell]
    report: str  # ok / missing / open / before


@dataclass
class MonthGrid:
    first: dt.date
    meeting: str  # ok / missing / open / before
    weeks: list[WeekRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _status(done: bool, due: bool, counted: bool) -> str:
    if done:
        return "ok"
    if not counted:
        return "before"
    return "missing" if due else "open"


def month_grids(
    *, enterprise: Enterprise, enrolled_on: dt.date, months: int, today: dt.date
) -> list[MonthGrid]:
    """The last `months` months up to today's, oldest first."""
    firsts = [today.replace(day=1)]
    for _ in range(months - 1):
        firsts.insert(0, (firsts[0] - ONE_DAY).replace(day=1))
    start, end = firsts[0], last_day_of_month(today)
    checks = dict(
        DailyCheck.objects.filter(enterprise=enterprise, date__range=(start, end)).values_list(
            "date", "no_issue"
        )
    )
    weeks = set(
        WeeklyReport.objects.filter(enterprise=enterprise).values_list("iso_year", "iso_week")
    )
    meetings = set(
        MonthlyMeeting.objects.filter(enterprise=enterprise, month__gte=start).values_list(
            "month", flat=True
        )
    )
    grids = []
    for first in firsts:
        last = last_day_of_month(first)
        grid = MonthGrid(
            first=first,
            meeting=_status(first in meetings, last < today, first >= enrolled_on),
        )
        monday = first - dt.timedelta(days=first.weekday())
        while monday <= last:
            cells = []
            for offset in range(7):
                day = monday + dt.timedelta(days=offset)
                cells.append(_cell(day, first, last, checks, enrolled_on, today))
            iso = monday.isocalendar()
            sunday = monday + dt.timedelta(days=6)
            report = _status((iso.year, iso.week) in weeks, sunday < today, monday >= enrolled_on)
            grid.weeks.append(WeekRow(iso=(iso.year, iso.week), cells=cells, report=report))
            monday += dt.timedelta(days=7)
        states = [c.state for row in grid.weeks for c in row.cells]
        grid.counts = {s: states.count(s) for s in ("ok", "issue", "missing")}
        grids.append(grid)
    return grids


def _cell(
    day: dt.date,
    first: dt.date,
    last: dt.date,
    checks: dict[dt.date, bool],
    enrolled_on: dt.date,
    today: dt.date,
) -> Cell:
    if day < first or day > last:
        return Cell(None, "blank")
    if day in checks:
        return Cell(day, "ok" if checks[day] else "issue")
    if day < enrolled_on:
        return Cell(day, "before")
    return Cell(day, "missing" if day < today else "open")
