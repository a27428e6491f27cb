"""Request ids: taken from the proxy or made here, returned, and on every log record with the
user, path, status and duration; JSON lines in production."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest

from qstrong.accounts.tests import factories as people
from qstrong.ops.logs import RequestContextFilter, logging_config

pytestmark = pytest.mark.django_db


class Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(RequestContextFilter())

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def kept() -> Iterator[Keep]:
    handler = Keep()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_the_proxys_request_id_is_kept_and_returned(client) -> None:
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="nginx-7f3a.42")

    assert response["X-Request-ID"] == "nginx-7f3a.42"


def test_a_request_id_is_made_when_none_or_a_bad_one_comes(client) -> None:
    first = client.get("/accounts/login/")["X-Request-ID"]
    second = client.get("/accounts/login/", HTTP_X_REQUEST_ID="a b\nforged line")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


def test_every_record_of_a_request_carries_its_id_and_the_request_line_its_facts(
    client, kept
) -> None:
    officer = people.county_officer_qingxu()
    client.force_login(officer)

    client.get("/no/such/page/", HTTP_X_REQUEST_ID="req-1")

    mine = [r for r in kept.records if r.__dict__.get("request_id") == "req-1"]
    assert {r.name for r in mine} >= {"django.request", "qstrong.request"}
    assert all(r.__dict__["path"] == "/no/such/page/" for r in mine)
    assert all(r.__dict__["user_id"] == officer.pk for r in mine)
    line = next(r for r in mine if r.name == "qstrong.request")
    assert line.levelno == logging.INFO
    assert line.getMessage().startswith("GET /no/such/page/ 404 ")
    assert (line.__dict__["method"], line.__dict__["status"]) == ("GET", 404)
    assert line.__dict__["view"] == "<unresolved>"
    assert isinstance(line.__dict__["duration_ms"], float) and line.__dict__["duration_ms"] >= 0


def test_an_anonymous_request_logs_no_user(client, kept) -> None:
    client.get("/accounts/login/", HTTP_X_REQUEST_ID="req-anon")

    line = next(
        r
        for r in kept.records
        if r.name == "qstrong.request" and r.__dict__["request_id"] == "req-anon"
    )
    assert line.__dict__["user_id"] is None
    assert line.__dict__["view"] == "accounts:login"
    assert line.__dict__["status"] == 200


def test_probes_are_logged_quietly(client, kept) -> None:
    client.get("/healthz", HTTP_X_REQUEST_ID="probe-1")

    line = next(r for r in kept.records if r.__dict__.get("request_id") == "probe-1")
    assert line.levelno == logging.DEBUG


def test_records_outside_a_request_have_a_dash() -> None:
    record = logging.LogRecord("qstrong.worker", logging.INFO, __file__, 1, "tick", None, None)

    RequestContextFilter().filter(record)

    assert (record.__dict__["request_id"], record.__dict__["user_id"]) == ("-", None)


def test_the_json_format_writes_one_object_per_line(capsys) -> None:
    config = logging_config(log_format="json", level="INFO")
    formatter = logging.config.DictConfigurator(config).configure_formatter(
        config["formatters"]["qstrong"]
    )
    record = logging.LogRecord(
        "qstrong.request", logging.INFO, __file__, 1, "GET / 200 5ms", None, None
    )
    record.__dict__.update(
        request_id="req-9", user_id=7, path="/", status=200, duration_ms=5.0, view="home"
    )

    data = json.loads(formatter.format(record))

    assert data["message"] == "GET / 200 5ms"
    assert (data["level"], data["logger"]) == ("INFO", "qstrong.request")
    assert (data["request_id"], data["user_id"], data["path"]) == ("req-9", 7, "/")
    assert (data["status"], data["duration_ms"], data["view"]) == (200, 5.0, "home")
    assert "time" in data


def test_an_unknown_log_format_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="QSTRONG_LOG_FORMAT"):
        logging_config(log_format="xml", level="INFO")
