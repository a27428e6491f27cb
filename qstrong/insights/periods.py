"""Reporting periods: one canonical form (year, first month, last month) and its Chinese label.

Statistics bureaus report a year, a half-year, a quarter, a month, or a cumulative stretch
from January ("1—6月", "1—9月"). All of them are a run of months inside one calendar year, so a
period is stored as (year, start_month, end_month) and everything else — its kind, its label
"2024年1—6月", the same period a year earlier — is derived from those three numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# What a period is called, derived from its months (never stored separately).
KIND_LABELS = {
    "year": _("年度"),
    "half_year": _("半年"),
    "quarter": _("季度"),
    "month": _("月度"),
    "cumulative": _("累计"),
    "months": _("月份区间"),
}

MIN_YEAR = 1949
MAX_YEAR = 2100


class PeriodError(ValueError):
    """Text that is not a period; the message says what forms are understood."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    start_month: int = 1
    end_month: int = 12

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"year {self.year} out of range")
        if not 1 <= self.start_month <= self.end_month <= 12:
            raise PeriodError(f"months {self.start_month}–{self.end_month} out of order")

    @property
    def kind(self) -> str:
        start, end = self.start_month, self.end_month
        if (start, end) == (1, 12):
            return "year"
        if start == end:
            return "month"
        if (start, end) in {(1, 6), (7, 12)}:
            return "half_year"
        if end - start == 2 and start in {1, 4, 7, 10}:
            return "quarter"
        if start == 1:
            return "cumulative"
        return "months"

    @property
    def label(self) -> str:
        """The way newspapers and statistical bulletins write it: 2024年1—6月."""
        if (self.start_month, self.end_month) == (1, 12):
            return f"{self.year}年"
        if self.start_month == self.end_month:
            return f"{self.year}年{self.start_month}月"
        return f"{self.year}年{self.start_month}—{self.end_month}月"

    @property
    def key(self) -> str:
        """A compact, URL-safe key that never reads as a date: 2024, 2024.03, 2024.01-06."""
        if (self.start_month, self.end_month) == (1, 12):
            return f"{self.year}"
        if self.start_month == self.end_month:
            return f"{self.year}.{self.start_month:02d}"
        return f"{self.year}.{self.start_month:02d}-{self.end_month:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.start_month, 1)

    @property
    def last_day(self) -> dt.date:
        following = dt.date(self.year + (self.end_month == 12), self.end_month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def previous_year(self) -> Period:
        """The same months a year earlier: what year-on-year growth compares against."""
        return Period(self.year - 1, self.start_month, self.end_month)

    def __str__(self) -> str:
        return self.label


_HALF = {"上": (1, 6), "下": (7, 12), "1": (1, 6), "2": (7, 12)}
_QUARTER_WORDS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})年?$"), "year"),
    (re.compile(r"^(\d{4})年?(上|下)半年$"), "half"),
    (re.compile(r"^(\d{4})h([12])$"), "half"),
    (re.compile(r"^(\d{4})年?第?([一二三四1-4])季度$"), "quarter"),
    (re.compile(r"^(\d{4})q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "month"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})年(\d{1,2})[-—–~至到](\d{1,2})月$"), "range"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.~](\d{1,2})$"), "range"),
    (re.compile(r"^(\d{4})年?1?[-—–~至到]?(\d{1,2})月累计$"), "cumulative"),
)


def parse_period(text: str) -> Period:
    """2024 · 2024年 · 2024H1 · 2024年上半年 · 2024Q2 · 2024年第二季度 · 2024年3月 · 2024-03 ·
    2024年1—6月 · 2024年1-6月 · 2024.01-06 · 2024年1—6月累计. Raises PeriodError otherwise."""
    folded = unicodedata.normalize("NFKC", text or "").strip().lower().replace(" ", "")
    for pattern, form in _PATTERNS:
        match = pattern.match(folded)
        if match is None:
            continue
        year = int(match.group(1))
        try:
            if form == "year":
                return Period(year)
            if form == "half":
                return Period(year, *_HALF[match.group(2)])
            if form == "quarter":
                quarter = _QUARTER_WORDS[match.group(2)]
                return Period(year, 3 * quarter - 2, 3 * quarter)
            if form == "month":
                month = int(match.group(2))
                return Period(year, month, month)
            if form == "cumulative":
                return Period(year, 1, int(match.group(2)))
            return Period(year, int(match.group(2)), int(match.group(3)))
        except PeriodError:
            break
    raise PeriodError(text)


def periods_around_months(months: set[tuple[int, int]] | list[tuple[int, int]]) -> list[Period]:
    """The month, quarter, half and year around each of `months` ((year, month) pairs), and
    the cumulative 1—n月 ending in it; newest first (latest last month, then the shortest)."""
    found: set[Period] = set()
    for year, month in months:
        quarter = (month - 1) // 3 * 3 + 1
        half = 1 if month <= 6 else 7
        found |= {
            Period(year, month, month),
            Period(year, quarter, quarter + 2),
            Period(year, half, half + 5),
            Period(year),
            Period(year, 1, month),  # cumulative 1—n月 up to a month that has data
        }
    return sorted(found, key=lambda p: (p.year, p.end_month, p.start_month), reverse=True)


def period_from_key(key: str) -> Period:
    """The inverse of Period.key (and anything parse_period reads)."""
    return parse_period(key)
