"""Account policies: password age, second factor per role, and rate limits with their refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

from qstrong.accounts.models import TwoFactorPolicy
from qstrong.core.security import Kind, Outcome, client_address, security_record


def password_expired(user: Any, *, now: dt.datetime | None = None) -> bool:
    """Older than QSTRONG_PASSWORD_MAX_AGE_DAYS (0: never); unrecorded dates count from joining."""
    days = int(settings.QSTRONG_PASSWORD_MAX_AGE_DAYS)
    if days <= 0 or not getattr(user, "is_authenticated", False):
        return False
    since = user.password_changed_at or user.date_joined
    return bool(since and (now or timezone.now()) - since > dt.timedelta(days=days))


def otp_required_for_role(role: str) -> bool:
    """The security administrator's choice for the role, else the production default."""
    row = TwoFactorPolicy.objects.filter(role=role).values_list("required", flat=True).first()
    if row is not None:
        return bool(row)
    return role in set(settings.QSTRONG_OTP_REQUIRED_ROLES)


def otp_required(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and otp_required_for_role(
        getattr(user, "role", "")
    )


def _address_key(group: str, request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def _account_key(group: str, request: HttpRequest) -> str:
    return (request.POST.get("username") or "").strip().lower()[:150]


def rate_limited(request: HttpRequest, *, scope: str, per_account: bool = False) -> bool:
    """Count this request against the scope's limits; True when one of them is exceeded.

    scope: "login", "password" or "calculator" (rates in settings.QSTRONG_RATE_*).
    """
    rates = {
        "login": settings.QSTRONG_RATE_LOGIN_PER_ADDRESS,
        "password": settings.QSTRONG_RATE_PASSWORD_PER_ADDRESS,
        "calculator": settings.QSTRONG_RATE_CALCULATOR_PER_ADDRESS,
    }
    limited = is_ratelimited(
        request, group=f"qstrong.{scope}.address", key=_address_key, rate=rates[scope],
        increment=True,
    )  # fmt: skip
    if per_account and _account_key("", request):
        limited = (
            is_ratelimited(
                request,
                group=f"qstrong.{scope}.account",
                key=_account_key,
                rate=settings.QSTRONG_RATE_LOGIN_PER_ACCOUNT,
                increment=True,
            )
            or limited
        )
    if limited:
        security_record(
            kind=Kind.RATE_LIMITED,
            outcome=Outcome.DENIED,
            request=request,
            username=_account_key("", request) if per_account else "",
            detail={"scope": scope},
        )
    return bool(limited)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """429 with a plain Chinese (or English) explanation."""
    return render(request, "accounts/rate_limited.html", status=429)
