"""Gap computation on fixed dates: which days, weeks, months and years are due and missing."""

from __future__ import annotations

import datetime as dt

from qstrong.foodsafety.gaps import (
    Period,
    compute_gaps,
    due_annual_year,
    due_days,
    due_months,
    due_weeks,
    parse_iso_week,
    parse_month,
)

D = dt.date
NOV_2026 = Period.month(2026, 11)  # Sunday 1 Nov … Monday 30 Nov 2026


def test_days_are_due_once_over_and_from_enrolment_on() -> None:
    # given an enterprise enrolled on 10 November, asked on 24 November
    # then 10..23 November are due (14 days), not today
    days = due_days(enrolled_on=D(2026, 11, 10), period=NOV_2026, today=D(2026, 11, 24))
    assert days[0] == D(2026, 11, 10)
    assert days[-1] == D(2026, 11, 23)
    assert len(days) == 14


def test_weeks_count_in_the_period_of_their_sunday_and_only_whole_after_enrolment() -> None:
    # given enrolment on Wednesday 4 November 2026 and today Tuesday 24 November
    weeks = due_weeks(enrolled_on=D(2026, 11, 4), period=NOV_2026, today=D(2026, 11, 24))
    # then the weeks ending Sun 15 and Sun 22 Nov are due; the week of 2–8 Nov began before
    # enrolment and the week of 23–29 Nov is not over
    assert weeks == [(2026, 46), (2026, 47)]


def test_week_ending_on_the_first_of_the_month_belongs_to_that_month() -> None:
    # Sunday 1 November 2026 closes ISO week 44 (26 Oct – 1 Nov)
    weeks = due_weeks(enrolled_on=D(2026, 1, 1), period=NOV_2026, today=D(2026, 12, 10))
    assert weeks == [(2026, 44), (2026, 45), (2026, 46), (2026, 47), (2026, 48)]


def test_months_are_due_after_their_last_day_and_whole_after_enrolment() -> None:
    period = Period(D(2026, 1, 1), D(2026, 12, 31))
    months = due_months(enrolled_on=D(2026, 8, 1), period=period, today=D(2026, 11, 24))
    assert months == [D(2026, 8, 1), D(2026, 9, 1), D(2026, 10, 1)]


def test_annual_report_due_on_31_january_of_the_next_year() -> None:
    enrolled = D(2024, 1, 1)
    # on 31 January 2026 the 2025 report is not yet overdue: the check is still 2024's
    assert due_annual_year(enrolled_on=enrolled, period=NOV_2026, today=D(2026, 1, 31)) == 2024
    # from 1 February it is 2025's
    assert due_annual_year(enrolled_on=enrolled, period=NOV_2026, today=D(2026, 2, 1)) == 2025
    # an enterprise enrolled in the middle of 2025 owes no 2025 report
    assert (
        due_annual_year(enrolled_on=D(2025, 6, 1), period=NOV_2026, today=D(2026, 11, 24)) is None
    )


def test_compute_gaps_exact() -> None:
    # given enrolment on 2 Nov 2026, today 24 Nov; checks on every due day but 5 and 17 Nov,
    # the report of W46 only, no monthly minutes, the 2025 annual report missing,
    # and two open issues, one past its deadline
    checked = {D(2026, 11, d) for d in range(2, 24)} - {D(2026, 11, 5), D(2026, 11, 17)}
    gaps = compute_gaps(
        enrolled_on=D(2025, 12, 30),
        period=Period(D(2026, 11, 2), D(2026, 11, 30)),
        today=D(2026, 11, 24),
        checked_days=checked,
        reported_weeks={(2026, 46)},
        meeting_months=set(),
        annual_years={2024},
        open_issue_deadlines=[D(2026, 11, 20), D(2026, 11, 30)],
    )
    # then
    assert gaps.missing_days == [D(2026, 11, 5), D(2026, 11, 17)]
    assert gaps.due_days == 22
    assert gaps.missing_weeks == [(2026, 45), (2026, 47)]
    assert gaps.week_labels == ["2026-W45", "2026-W47"]
    assert gaps.missing_months == []  # November is not over
    assert gaps.annual_missing is None  # enrolled 30 Dec 2025: 2025 was not a whole year
    assert gaps.open_issues == 2
    assert gaps.overdue_issues == 1
    assert gaps.total == 2 + 2 + 0 + 0 + 1


def test_compute_gaps_annual_and_month() -> None:
    gaps = compute_gaps(
        enrolled_on=D(2025, 1, 1),
        period=Period.month(2026, 10),
        today=D(2026, 11, 24),
        checked_days=set(),
        reported_weeks=set(),
        meeting_months=set(),
        annual_years=set(),
        open_issue_deadlines=[],
    )
    assert len(gaps.missing_days) == 31
    assert gaps.missing_months == [D(2026, 10, 1)]
    assert gaps.month_labels == ["2026-10"]
    assert gaps.annual_missing == 2025


def test_parse_week_and_month() -> None:
    assert parse_iso_week("2026-W07") == (2026, 7)
    assert parse_iso_week("2026-w53") == (2026, 53)  # 2026 has 53 ISO weeks
    for bad in ("2025-W53", "2026-07", "2026W07", ""):
        try:
            parse_iso_week(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
    assert parse_month("2026-07") == D(2026, 7, 1)
    for bad in ("2026-13", "2026-7", "202607"):
        try:
            parse_month(bad)
        except ValueError:
            continue
        raise AssertionError(bad)
