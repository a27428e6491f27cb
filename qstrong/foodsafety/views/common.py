"""What the routine pages share: the scoped enterprise lookup and the period in the query."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils import timezone

from qstrong.foodsafety import selectors
from qstrong.foodsafety.gaps import Period, parse_month
from qstrong.foodsafety.models import Enrolment
from qstrong.registry.models import Enterprise


def scoped_enterprise(request: HttpRequest, pk: int) -> Enterprise:
    """The enterprise if the user may see it; 404 otherwise (as if it did not exist)."""
    try:
        return selectors.enterprise_for_routine(user=request.user, pk=pk)
    except Enterprise.DoesNotExist:
        raise Http404("no such enterprise") from None


def enrolled(request: HttpRequest, pk: int) -> tuple[Enterprise, Enrolment]:
    """A visible enterprise in the routine; 404 when it is not (there is no routine to show)."""
    enterprise = scoped_enterprise(request, pk)
    enrolment = selectors.active_enrolment(enterprise)
    if enrolment is None:
        raise Http404("not enrolled")
    return enterprise, enrolment


def month_period(request: HttpRequest) -> tuple[Period, str]:
    """The month asked for (?month=YYYY-MM), this month when absent or malformed."""
    today = timezone.localdate()
    try:
        first = parse_month(request.GET.get("month", ""))
    except ValueError:
        first = today.replace(day=1)
    if first > today:
        first = today.replace(day=1)
    return Period.month(first.year, first.month), f"{first:%Y-%m}"


def previous_month(first: dt.date) -> str:
    return f"{(first - dt.timedelta(days=1)):%Y-%m}"


def next_month(first: dt.date) -> str | None:
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return f"{following:%Y-%m}" if following <= timezone.localdate() else None
