"""The outermost middleware: request id, one log line per request, latency metrics, probes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from qstrong.ops.logs import current_request, request_id_from, request_user_id
from qstrong.ops.metrics import observe_request
from qstrong.ops.probes import PROBE_VIEWS, probe_response

logger = logging.getLogger("qstrong.request")
REQUEST_ID_HEADER = "X-Request-ID"


class RequestLogMiddleware:
    """Takes X-Request-ID from the proxy (or makes one), returns it on the response, puts it on
    every log record of the request, logs the request and observes its latency by view.

    /healthz, /readyz and /metrics are answered here, before sessions, authentication and the
    idle timeout run: a probe never writes a session or needs a login.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is closed (request_finished below): Django logs a 4xx/5xx
        # after the middleware has returned, and that record belongs to the request too.
        current_request.set(request)
        probe = probe_response(request)
        response = probe if probe is not None else self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        seconds = time.perf_counter() - started
        view = self._view_name(request, probe is not None)
        observe_request(
            view=view, method=request.method or "", status=response.status_code, seconds=seconds
        )
        # Probes come every few seconds: their lines would drown the rest.
        logger.log(
            logging.DEBUG if probe is not None else logging.INFO,
            "%s %s %s %.0fms",
            request.method,
            request.path,
            response.status_code,
            seconds * 1000,
            extra={
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "view": view,
                "user_id": request_user_id(request),
            },
        )
        return response

    @staticmethod
    def _view_name(request: HttpRequest, probe: bool) -> str:
        if probe:
            return PROBE_VIEWS.get(request.path_info.rstrip("/"), "ops:probe")
        match = getattr(request, "resolver_match", None)
        if match is not None:
            return match.view_name
        if request.path.startswith(settings.STATIC_URL or "/static/"):
            return "static"  # WhiteNoise answers before URL resolution
        # Never the raw path: label values must stay few whatever URLs are requested.
        return "<unresolved>"


@receiver(request_finished, dispatch_uid="qstrong.ops.forget_request")
def forget_request(sender: Any, **kwargs: Any) -> None:
    """The response is sent: later records of this thread belong to no request."""
    current_request.set(None)
