"""/healthz, /readyz and /metrics: answered before sessions, login and HTTPS redirects.

Load balancers and Prometheus call these on the internal port, often by IP and over plain HTTP:
they must not need a host name in ALLOWED_HOSTS, a session or a redirect to HTTPS.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

HEALTHZ, READYZ, METRICS = "/healthz", "/readyz", "/metrics"
PROBE_VIEWS = {HEALTHZ: "ops:healthz", READYZ: "ops:readyz", METRICS: "ops:metrics"}


def healthz() -> HttpResponse:
    """The process is up and answering; touches neither the database nor the cache."""
    return JsonResponse({"status": "ok"})


def _database_check() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        logger.warning("readyz: database unreachable: %s", exc)
        # A broken connection is dropped so that the next probe tries a fresh one.
        connections["default"].close_if_unusable_or_obsolete()
        return f"unreachable ({type(exc).__name__})"
    return "ok"


def _cache_check() -> str:
    token = uuid.uuid4().hex
    try:
        cache.set("qstrong:readyz", token, timeout=10)
        seen = cache.get("qstrong:readyz")
    except Exception as exc:
        logger.warning("readyz: cache unreachable: %s", exc)
        return f"unreachable ({type(exc).__name__})"
    return "ok" if seen == token else "unreachable (value not kept)"


def readyz() -> HttpResponse:
    """Ready for traffic: the database answers a query and the cache keeps a value."""
    checks = {"database": _database_check(), "cache": _cache_check()}
    ready = all(value == "ok" for value in checks.values())
    body: dict[str, object] = {"status": "ok" if ready else "unavailable", "checks": checks}
    if not ready:
        body["reason"] = "; ".join(f"{k}: {v}" for k, v in checks.items() if v != "ok")
    response = JsonResponse(body, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def _address_allowed(remote: str) -> bool:
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    for allowed in settings.QSTRONG_METRICS_ALLOW_IPS:
        try:
            if address in ipaddress.ip_network(allowed, strict=False):
                return True
        except ValueError:
            continue
    return False


def _token_allowed(request: HttpRequest) -> bool:
    expected = settings.QSTRONG_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not expected or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header.removeprefix("Bearer ").strip(), expected)


def metrics_allowed(request: HttpRequest) -> bool:
    """A bearer token, or the connection's own address (REMOTE_ADDR, never a forwarded header)
    in QSTRONG_METRICS_ALLOW_IPS. Production allows no address by default."""
    return _token_allowed(request) or _address_allowed(request.META.get("REMOTE_ADDR", ""))


def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        # Nobody else learns that the endpoint exists.
        return HttpResponse("Not Found", status=404, content_type="text/plain")
    from qstrong.ops.metrics import render_metrics

    body, content_type = render_metrics()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


def probe_response(request: HttpRequest) -> HttpResponse | None:
    """The probe's answer, or None for every other path."""
    path = request.path_info.rstrip("/") or "/"
    if path not in PROBE_VIEWS:
        return None
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    if path == HEALTHZ:
        return healthz()
    if path == READYZ:
        return readyz()
    return metrics(request)
