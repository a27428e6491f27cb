"""Fixtures for the tests that call the WSGI application directly.

The contract run (schemathesis ``from_wsgi``) and the generated client call
``qstrong.wsgi.application`` itself, not Django's test Client. Every request through the real
handler sends ``request_started``, whose receiver ``close_old_connections`` calls
``close_if_unusable_or_obsolete`` on each connection. Inside a test's transaction the
connection's autocommit differs from its settings, so on PostgreSQL Django closes it, and the
rest of the test (and the request itself) meets "the connection is closed". SQLite's in-memory
connection ignores the close, which is why only the PostgreSQL run failed.

Disconnecting the signal is not enough: the test Client reconnects it after each of its own
requests. So for these tests the check is a no-op; the test transaction owns the connection.
"""

from __future__ import annotations

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BaseDatabaseWrapper, "close_if_unusable_or_obsolete", lambda self: None)
