"""Per-user language and the 30-minute idle timeout."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qstrong.core.security import Kind, security_record

LAST_SEEN_KEY = "qstrong_last_seen"
# A page polling a job's progress is not the user at the keyboard: it must not keep a
# session alive past the idle timeout.
POLLING_PREFIXES = ("/jobs/", "/api/jobs/")


class UserLanguageMiddleware:
    """A logged-in user's chosen language wins over the browser's Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.session.get("qstrong_language") if hasattr(request, "session") else None
        if chosen:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = chosen
        elif settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # zh-Hans is the default whatever the browser says; English is chosen explicitly.
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = settings.LANGUAGE_CODE
        return self.get_response(request)


LAST_SEEN_RESOLUTION = 60  # seconds


class IdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN_KEY, now)
            if now - int(last) > settings.QSTRONG_IDLE_TIMEOUT_SECONDS:
                security_record(
                    kind=Kind.LOGOUT,
                    request=request,
                    object_type="accounts.user",
                    object_id=str(user.pk),
                    detail={"reason": "idle timeout"},
                )
                logout(request)
                translation.activate(settings.LANGUAGE_CODE)
            elif not request.path.startswith(POLLING_PREFIXES) and (
                LAST_SEEN_KEY not in request.session or now - int(last) >= LAST_SEEN_RESOLUTION
            ):
                # A minute's resolution is plenty for a 30-minute timeout, and spares a session
                # write on every request (a page's lazy panels and the editor's live checks).
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


SECOND_FACTOR_KEY = "qstrong_2fa"  # "none" | "verify" | "setup", decided at sign-in
# Pages a user who still owes a second factor or a new password may open.
POLICY_EXEMPT = ("/accounts/", "/i18n/", "/static/", "/media/")


def second_factor_state(user: object) -> str:
    """What the user owes after the password: nothing, a TOTP code, or setting TOTP up."""
    from django_otp import user_has_device

    from qstrong.accounts.policy import otp_required

    if user_has_device(user, confirmed=True):
        return "verify"
    return "setup" if otp_required(user) else "none"


class AccountPolicyMiddleware:
    """Before anything else: the second factor (verify, or set up where the role requires it),
    then a password past its maximum age is changed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(POLICY_EXEMPT):
            return self.get_response(request)
        state = request.session.get(SECOND_FACTOR_KEY)
        if state is None:
            state = second_factor_state(user)
            request.session[SECOND_FACTOR_KEY] = state
        target = ""
        if state != "none" and not user.is_verified():
            target = "accounts:otp_verify" if state == "verify" else "accounts:otp_setup"
        else:
            from qstrong.accounts.policy import password_expired

            if password_expired(user):
                target = "accounts:password_change"
        if not target:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": str(_("请先在网页上完成动态口令验证或修改过期密码。"))}, status=403
            )
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def remember_second_factor_state(
    sender: object, request: HttpRequest, user: object, **_: object
) -> None:
    """At sign-in, decide once what the session owes (spares the lookups on every request)."""
    if request is not None and hasattr(request, "session"):
        request.session[SECOND_FACTOR_KEY] = second_factor_state(user)
