"""Test setup shared by every app: reference data in the test database, personas."""

from __future__ import annotations

from typing import Any

import pytest


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
