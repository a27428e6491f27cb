"""/healthz and /readyz for the load balancer: anonymous, no session, no redirect; /metrics only
for a listed address or the bearer token."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connections

from qstrong.accounts.tests import factories as people


def test_healthz_answers_without_the_database(client) -> None:
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_readyz_checks_the_database_and_the_cache(client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_503_with_a_reason_when_the_database_is_down(client, monkeypatch) -> None:
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable (OperationalError)", "cache": "ok"},
        "reason": "database: unreachable (OperationalError)",
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_cannot_keep_a_value(client, settings, tmp_path) -> None:
    # A file cache whose directory is an ordinary file: every write fails, as on a full or
    # read-only disk.
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "cache"),
        }
    }

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("unreachable (")
    assert body["reason"].startswith("cache: unreachable (")


def test_probes_need_no_allowed_host_no_https_and_no_login(client, settings) -> None:
    """A load balancer probes by IP over plain HTTP on the internal port."""
    settings.ALLOWED_HOSTS = ["qstrong.example.gov.cn"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    # Whereas a page for that host is refused, and one for the right host goes to HTTPS.
    assert client.get("/accounts/login/", HTTP_HOST="10.0.0.7:8000").status_code == 400
    assert client.get("/accounts/login/", HTTP_HOST="qstrong.example.gov.cn").status_code == 301


@pytest.mark.django_db
def test_a_signed_in_probe_writes_no_session(client, settings) -> None:
    officer = people.county_officer_qingxu()
    client.force_login(officer)
    key = client.session.session_key
    from django.contrib.sessions.models import Session

    before = Session.objects.get(session_key=key).expire_date

    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        assert "sessionid" not in response.cookies

    assert Session.objects.get(session_key=key).expire_date == before
    # Whereas a page does save the session (SESSION_SAVE_EVERY_REQUEST): the check can fail.
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > before


def test_probes_take_only_get_and_head(client) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_the_scheduled_runs_page_is_for_the_province_and_404_for_a_county(client) -> None:
    from qstrong.ops.models import ScheduledRun

    ScheduledRun.objects.create(
        job_name="prune_exports",
        slot="2027-01-01T03:00:00+08:00",
        state="succeeded",
        message="deleted 3 export file(s)",
        claimed_by="web-1:4242",
    )
    client.force_login(people.province_planner())
    response = client.get("/ops/scheduled/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "清理导出文件" in page and "2027-01-01 03:00" in page
    assert "deleted 3 export file(s)" in page and "web-1:4242" in page
    assert 'href="/ops/scheduled/"' in page  # in the navigation

    for user in (people.county_officer_taigu(), people.city_officer_taiyuan()):
        client.force_login(user)
        assert client.get("/ops/scheduled/").status_code == 404
        assert 'href="/ops/scheduled/"' not in client.get("/").content.decode()

    client.logout()
    assert client.get("/ops/scheduled/").status_code == 302
