"""Per-user language and the 30-minute idle timeout."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
