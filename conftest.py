"""Test setup shared by every app: reference data in the test database, personas."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

# The one "now" every test runs at: the clock is frozen there (and ticks on from it) for each test,
# so dated records, gaps, deadlines and ages come out the same on any day. CI runs the suite again
# at the calendar's edges by setting QSTRONG_TEST_NOW (a date, or an ISO datetime with offset),
# e.g. 2027-01-01, 2027-12-31T23:30+08:00, 2028-02-29 (see .ci/run and docs/testing.md).
DEFAULT_TEST_NOW = "2026-11-20T10:00:00+08:00"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_now() -> dt.datetime:
    """The frozen moment from QSTRONG_TEST_NOW; a bare date means 10:00 in Beijing time."""
    text = os.environ.get("QSTRONG_TEST_NOW", "").strip() or DEFAULT_TEST_NOW
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as error:
        message = f"QSTRONG_TEST_NOW={text!r}: not an ISO date or datetime"
        raise pytest.UsageError(message) from error
    if len(text) == 10:
        moment = moment.replace(hour=10)
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


TEST_NOW = test_now()
TEST_TODAY = TEST_NOW.astimezone(SHANGHAI).date()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language (Chinese), whatever an earlier test on the same
    worker activated (a request in English, a command run with translation.override)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def today() -> Iterator[dt.date]:
    """Freeze the clock at TEST_NOW for the test; the value is the local (Beijing) date."""
    with time_machine.travel(TEST_NOW, tick=True):
        yield TEST_TODAY


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Migrations load the reference tables; make sure they are there once per session."""
    from qstrong.registry.reference import load_reference_data, reference_data_loaded

    with django_db_blocker.unblock():
        if not reference_data_loaded():
            load_reference_data()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request: Any, django_db_blocker: Any) -> None:
    """A transactional test (browser tests) flushes every table when it ends: the next one
    puts the reference data back before it starts. pytest-django runs these tests last."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from qstrong.registry.reference import load_reference_data, reference_data_loaded

        with django_db_blocker.unblock():
            if not reference_data_loaded():
                load_reference_data()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any, tmp_path: Any) -> None:
    """Background tasks run inline in tests; files go to a temporary media root."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Rate-limit counters live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()
    # Argon2 as configured costs ~100 MB and a noticeable fraction of a second per hash: the
    # suite uses a fast hasher, and test_passwords checks the real configuration.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
