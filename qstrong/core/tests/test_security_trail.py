"""The security trail: what is recorded, the hash chain and `qstrong audit verify`."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    PASSWORD,
    audit_admin,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    security_admin,
    system_admin,
)
from qstrong.core.models import AppendOnlyError, SecurityEvent
from qstrong.core.security import GENESIS, Kind, chain_verify, security_record
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
Outcome = SecurityEvent.Outcome


def _kinds() -> list[tuple[str, str, str]]:
    return list(SecurityEvent.objects.order_by("seq").values_list("kind", "outcome", "username"))


def _client(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def test_sign_in_failures_lockout_and_sign_out_are_recorded_with_address() -> None:
    officer = county_officer_qingxu()
    client = Client(REMOTE_ADDR="10.1.2.3")
    login = reverse("accounts:login")
    for _attempt in range(5):
        client.post(login, {"username": "qingxu", "password": "wrong"})
    client.post(login, {"username": "nobody", "password": "x"})

    assert _kinds() == [
        *[("login_failed", "failure", "qingxu")] * 5,
        ("locked", "denied", "qingxu"),
        ("login_failed", "failure", "nobody"),
    ]
    assert set(SecurityEvent.objects.values_list("address", flat=True)) == {"10.1.2.3"}

    # when the lock is lifted and the officer signs in and out
    type(officer).objects.filter(pk=officer.pk).update(locked_until=None)
    client.post(login, {"username": "qingxu", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    assert _kinds()[-2:] == [("login", "success", "qingxu"), ("logout", "success", "qingxu")]
    assert chain_verify().ok


def test_full_record_read_download_and_refused_access_are_recorded() -> None:
    enterprise = EnterpriseFactory(region_id="140121")
    client = _client(county_officer_qingxu())
    client.get(reverse("registry:enterprise_detail", args=[enterprise.pk]))
    client.get(reverse("registry:enterprise_export") + "?format=csv")
    _client(county_officer_taigu()).get(reverse("registry:enterprise_detail", args=[enterprise.pk]))

    rows = list(SecurityEvent.objects.order_by("seq"))
    assert [(r.kind, r.outcome, r.username) for r in rows] == [
        ("record_read", "success", "qingxu"),
        ("download", "success", "qingxu"),
        ("access_denied", "denied", "taigu"),
    ]
    assert rows[0].object_id == str(enterprise.pk)
    assert rows[0].detail["uscc"] == enterprise.uscc
    assert rows[2].detail["status"] == 404
    assert rows[2].object_id == str(enterprise.pk)


def _chain(n: int) -> list[SecurityEvent]:
    return [security_record(kind=Kind.LOGIN, username=f"u{i}", detail={"i": i}) for i in range(n)]


def test_each_entry_carries_the_previous_hash() -> None:
    events = _chain(3)
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    report = chain_verify()
    assert (report.ok, report.checked, report.head_seq) == (True, 3, 3)


def test_there_is_no_deletion_or_update_path() -> None:
    event = _chain(1)[0]
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(username="x")
    event.username = "x"
    with pytest.raises(AppendOnlyError):
        event.save()


def _tamper(sql: str, params: list[object]) -> None:
    """What someone with the database's superuser account could do, bypassing the application."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_securityevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_securityevent ENABLE TRIGGER USER")


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_verify_passes_on_an_intact_chain() -> None:
    _chain(4)
    assert "审计记录链完好：共 4 条，链尾序号 4" in _verify()


def test_verify_catches_an_edited_row() -> None:
    events = _chain(5)
    _tamper("UPDATE core_securityevent SET username = %s WHERE id = %s", ["admin", events[2].pk])
    with pytest.raises(CommandError, match=r"altered）：序号 3 的记录内容已被篡改"):
        _verify()


def test_verify_catches_an_inserted_row() -> None:
    events = _chain(5)
    victim = events[1]
    _tamper(
        "INSERT INTO core_securityevent (seq, at, username, address, kind, outcome, object_type,"
        " object_id, path, detail, prev_hash, hash) VALUES (%s, %s, %s, '', 'login', 'success',"
        " '', '', '', %s, %s, %s)",
        [victim.seq, victim.at, "intruder", "{}", victim.prev_hash, victim.hash],
    )
    with pytest.raises(CommandError, match=r"inserted）：序号 2 重复"):
        _verify()


def test_verify_catches_a_forged_row_with_a_fresh_number() -> None:
    events = _chain(3)
    _tamper(
        "INSERT INTO core_securityevent (seq, at, username, address, kind, outcome, object_type,"
        " object_id, path, detail, prev_hash, hash) VALUES (%s, %s, %s, '', 'login', 'success',"
        " '', '', '', %s, %s, %s)",
        [4, events[-1].at, "intruder", "{}", "f" * 64, "e" * 64],
    )
    with pytest.raises(CommandError, match=r"inserted）：序号 4 的记录是插入的伪造记录"):
        _verify()


def test_verify_catches_a_deleted_row() -> None:
    events = _chain(5)
    _tamper("DELETE FROM core_securityevent WHERE id = %s", [events[2].pk])
    with pytest.raises(CommandError, match=r"deleted）：序号 3–3 的记录已被删除"):
        _verify()


def test_verify_catches_deleted_rows_at_the_end_against_a_recorded_head() -> None:
    events = _chain(5)
    head = f"{events[-1].seq}:{events[-1].hash}"
    _tamper("DELETE FROM core_securityevent WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match=r"链尾只到序号 4"):
        call_command("audit", "verify", "--expect-head", head, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_chain_correctly() -> None:
    # given four threads, each with its own database connection, writing at once
    def write(n: int) -> None:
        try:
            for i in range(10):
                security_record(kind=Kind.LOGIN, username=f"t{n}-{i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in-memory test databases are per connection")
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one unbroken chain of 40, no sequence number twice
    report = chain_verify()
    assert (report.ok, report.checked, report.head_seq) == (True, 40, 40)


def test_the_audit_administrator_searches_and_exports() -> None:
    _chain(3)
    security_record(kind=Kind.LOGIN_FAILED, outcome=Outcome.FAILURE, username="mallory")
    client = _client(audit_admin())

    page = client.get(reverse("audit:trail"), {"q": "mallory"})
    assert page.status_code == 200
    assert page.content.decode().count("mallory") >= 1
    assert [e.username for e in page.context["page_obj"]] == ["mallory"]

    xlsx = client.get(reverse("audit:export_xlsx"), {"kind": "login_failed"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "时间", "用户名")
    assert [r[2] for r in rows[1:]] == ["mallory"]

    csv_text = client.get(reverse("audit:export_csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("序号,时间,用户名")
    # the exports are themselves in the trail
    assert SecurityEvent.objects.filter(kind="audit_export", username="auditadmin").count() == 2


@pytest.mark.parametrize(
    "persona", [system_admin, security_admin, county_officer_qingxu, county_officer_taigu]
)
def test_only_the_audit_administrator_reads_the_trail(persona: object) -> None:
    client = _client(persona())  # type: ignore[operator]
    assert client.get(reverse("audit:trail")).status_code == 403
    assert client.get(reverse("audit:export_csv")).status_code == 403


def test_an_enterprise_user_is_refused_the_trail() -> None:
    client = _client(enterprise_user(EnterpriseFactory()))
    assert client.get(reverse("audit:trail")).status_code == 403
