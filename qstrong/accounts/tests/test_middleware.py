"""The 30-minute idle timeout, which progress polling does not extend."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from qstrong.accounts.middleware import LAST_SEEN_KEY
from qstrong.accounts.tests.factories import county_officer_qingxu

pytestmark = pytest.mark.django_db


def _client_last_seen(seconds_ago: int) -> Client:
    client = Client()
    client.force_login(county_officer_qingxu())
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()
    return client


def test_an_idle_session_is_logged_out(settings: object) -> None:
    client = _client_last_seen(31 * 60)
    response = client.get("/registry/enterprises/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_active_session_stays(settings: object) -> None:
    client = _client_last_seen(5 * 60)
    assert client.get("/registry/enterprises/").status_code == 200


def test_polling_a_job_does_not_count_as_activity() -> None:
    client = _client_last_seen(10 * 60)
    before = client.session[LAST_SEEN_KEY]
    client.get("/jobs/00000000-0000-0000-0000-000000000000/status.json")
    assert client.session[LAST_SEEN_KEY] == before
    client.get("/registry/enterprises/")
    assert client.session[LAST_SEEN_KEY] > before


def test_activity_within_a_minute_does_not_rewrite_the_session() -> None:
    client = _client_last_seen(20)
    before = client.session[LAST_SEEN_KEY]
    client.get("/registry/enterprises/")
    assert client.session[LAST_SEEN_KEY] == before


def test_activity_after_a_minute_moves_the_last_seen_time() -> None:
    client = _client_last_seen(61)
    before = client.session[LAST_SEEN_KEY]
    client.get("/registry/enterprises/")
    assert client.session[LAST_SEEN_KEY] >= before + 61
