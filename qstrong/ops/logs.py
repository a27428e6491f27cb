"""Request ids and the request's context on every log record; the JSON or text log format."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

# A request id from the proxy is kept only if it looks like one (no log injection, bounded).
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "qstrong_request", default=None
)


def request_id_from(header: str | None) -> str:
    if header and REQUEST_ID_RE.match(header):
        return header
    return uuid.uuid4().hex


def request_user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, without loading the user just for a log line."""
    user = getattr(request, "_cached_user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestContextFilter(logging.Filter):
    """Puts request_id, user_id and path on every record logged while a request is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request.get()
        if request is None:
            record.__dict__.setdefault("request_id", "-")
            record.__dict__.setdefault("user_id", None)
            record.__dict__.setdefault("path", None)
            return True
        record.__dict__.setdefault("request_id", getattr(request, "request_id", "-"))
        record.__dict__.setdefault("user_id", request_user_id(request))
        record.__dict__.setdefault("path", request.path)
        return True


JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s %(path)s"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting: one console handler, JSON lines in production, text on a laptop."""
    if log_format not in {"json", "text"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"QSTRONG_LOG_FORMAT must be json or text, got {log_format!r}")
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if log_format == "json"
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "qstrong.ops.logs.RequestContextFilter"}},
        "formatters": {"qstrong": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_context"],
                "formatter": "qstrong",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # The request log below says the same, with the request id; no second line.
            "django.server": {"level": "WARNING"},
        },
    }
