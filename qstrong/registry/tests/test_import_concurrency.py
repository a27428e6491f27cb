"""Imports and edits together (ADR 0013): an officer's edit commits while an import writes, the
import then applies its file over what the edit left, and a failed import leaves nothing."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from django.db import connection, connections

from qstrong.accounts.tests.factories import county_officer_qingxu
from qstrong.core.models import AuditEvent
from qstrong.registry.editing import enterprise_save
from qstrong.registry.importing import commit, import_batch_create, import_batch_run
from qstrong.registry.models import ChainMember, Enterprise, ImportBatch, TownMember
from qstrong.registry.tests.factories import (
    ENTERPRISE_HEADER,
    EnterpriseFactory,
    csv_bytes,
    make_uscc,
)

pytestmark = pytest.mark.django_db(transaction=True)

OLD, NEW = make_uscc(501), make_uscc(502)


def _row(uscc: str, name: str, phone: str) -> list[object]:
    return [uscc, name, "140121", "C1469", "2019-06-30", "20", "", "", "", "", "", "", "", "",
            "", "", "", phone]  # fmt: skip


def _file() -> bytes:
    return csv_bytes(
        ENTERPRISE_HEADER,
        [_row(OLD, "清徐老陈醋有限公司", "0351-1111111"), _row(NEW, "清徐新醋有限公司", "")],
    )


def _run(progress: Any = None) -> ImportBatch:
    batch = import_batch_create(
        kind="enterprises", filename="企业.csv", content=_file(), actor=None
    )
    return import_batch_run(batch=batch, actor=None, progress=progress)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time by design"
)
@pytest.mark.parametrize(
    "when",
    [
        "validating",  # read by the import, caught by its final check before it writes
        "committing",  # the import's new rows written, not committed: caught by the update
        "applying",  # its new rows and its trail written, the update next: caught by the update
    ],
)
def test_an_edit_commits_while_an_import_runs_and_the_import_applies_over_it(
    when: str, caplog: pytest.LogCaptureFixture
) -> None:
    # given an enterprise in the registry that the file updates, and its county's officer
    enterprise = EnterpriseFactory(uscc=OLD, name="清徐老陈醋有限公司", contact_phone="0351-0")
    officer = county_officer_qingxu()
    seen: dict[str, Any] = {}

    def officer_edits() -> None:
        # A web request of its own: its own connection. lock_timeout turns a wait for the
        # import's end (the old table lock) into an error instead of a hung test.
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SET lock_timeout = '30s'")
            enterprise_save(
                uscc=OLD,
                data={"contact_phone": "0351-2222222"},
                chains=None,
                towns=None,
                actor=officer,
                create=False,
            )
            seen["phone"] = Enterprise.objects.get(uscc=OLD).contact_phone
            seen["new_visible"] = Enterprise.objects.filter(uscc=NEW).exists()
        except Exception as exc:  # recorded, asserted below
            seen["error"] = exc
        finally:
            connections.close_all()

    def progress(done: int, total: int, stage: str) -> None:
        # when the import has written its new rows and not yet committed: the officer saves
        if stage == when and done and "phone" not in seen and "error" not in seen:
            thread = threading.Thread(target=officer_edits)
            thread.start()
            thread.join()

    # when the import runs and the officer saves the enterprise in the middle of it
    caplog.set_level(logging.INFO, logger="qstrong.registry.importing.batches")
    batch = _run(progress)

    # then the officer's edit committed during the import (its new rows not yet visible) …
    assert "error" not in seen, seen.get("error")
    assert seen == {"phone": "0351-2222222", "new_visible": False}
    # … and the import, finding the row changed since it read it, read it again and applied
    # the file
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.COMMITTED
    assert (batch.created_count, batch.updated_count) == (1, 1)
    # (an edit before the import's final check is planned again there; one after it, at the
    # update, is planned again in place: the import is never started over)
    assert "reading again" not in caplog.text
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "0351-1111111"
    assert Enterprise.objects.filter(uscc=NEW).count() == 1
    # the trail tells it in order: the officer's change, then the import's from the officer's value
    changes = list(
        AuditEvent.objects.filter(object_type="registry.enterprise", object_id=str(enterprise.pk))
        .order_by("id")
        .values_list("actor_id", "changes")
    )
    assert changes[-2] == (officer.pk, {"contact_phone": ["0351-0", "0351-2222222"]})
    assert changes[-1][0] is None
    assert changes[-1][1]["contact_phone"] == ["0351-2222222", "0351-1111111"]
    # and the import's trail has one row for it, the true one
    own = AuditEvent.objects.filter(
        import_batch_id=batch.pk, object_type="registry.enterprise", object_id=str(enterprise.pk)
    )
    assert own.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time by design"
)
def test_an_edit_that_already_says_what_the_file_says_is_not_in_the_imports_trail() -> None:
    # given an enterprise the file updates
    enterprise = EnterpriseFactory(uscc=OLD, name="清徐老陈醋有限公司", contact_phone="0351-0")
    officer = county_officer_qingxu()
    seen: dict[str, Any] = {}

    def officer_edits() -> None:
        try:
            enterprise_save(
                uscc=OLD,
                data={"contact_phone": "0351-1111111"},
                chains=None,
                towns=None,
                actor=officer,
                create=False,
            )
            seen["done"] = True
        except Exception as exc:  # recorded, asserted below
            seen["error"] = exc
        finally:
            connections.close_all()

    def progress(done: int, total: int, stage: str) -> None:
        if stage == "applying" and not seen:
            thread = threading.Thread(target=officer_edits)
            thread.start()
            thread.join()

    # when the officer saves the file's own value just before the import's update
    batch = _run(progress)

    # then the import's trail row for it, written before the edit, was replaced by the true one:
    # the phone is no longer a change of the import's (the officer made it)
    assert seen == {"done": True}
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.COMMITTED
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "0351-1111111"
    own = AuditEvent.objects.filter(
        import_batch_id=batch.pk, object_type="registry.enterprise", object_id=str(enterprise.pk)
    )
    assert own.count() == 1
    assert "contact_phone" not in own.get().changes
    assert own.get().changes  # the file's other values are still the import's changes


def test_a_failed_import_leaves_nothing_half_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # given an enterprise the file updates, and a write that breaks after the new rows are in
    enterprise = EnterpriseFactory(uscc=OLD, name="清徐老陈醋有限公司", contact_phone="0351-0")
    before = (Enterprise.objects.count(), ChainMember.objects.count(), TownMember.objects.count())

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(commit, "write_memberships", broken)

    # when the import runs
    batch = _run()

    # then it failed and says so, and nothing of it is in the registry or its trail
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.FAILED
    assert "disk full" in batch.message
    after = (Enterprise.objects.count(), ChainMember.objects.count(), TownMember.objects.count())
    assert after == before
    assert not Enterprise.objects.filter(uscc=NEW).exists()
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "0351-0"
    trail = AuditEvent.objects.filter(import_batch_id=batch.pk)
    assert list(trail.values_list("action", flat=True)) == [AuditEvent.Action.IMPORT]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time by design"
)
def test_an_edit_of_an_enterprise_an_import_is_writing_is_told_so_not_held() -> None:
    # given an enterprise whose row another writer holds (an import between its update and its
    # commit), until the officer's save has answered
    from django.core.exceptions import ValidationError

    enterprise = EnterpriseFactory(uscc=OLD, contact_phone="0351-0")
    officer = county_officer_qingxu()
    held, answered = threading.Event(), threading.Event()

    def importer_holds_the_row() -> None:
        from django.db import transaction

        try:
            with transaction.atomic():
                list(Enterprise.objects.select_for_update().filter(pk=enterprise.pk))
                held.set()
                answered.wait(timeout=60)
        finally:
            connections.close_all()

    thread = threading.Thread(target=importer_holds_the_row)
    thread.start()
    assert held.wait(timeout=60)
    try:
        # when the officer saves it
        with pytest.raises(ValidationError) as refused:
            enterprise_save(
                uscc=OLD,
                data={"contact_phone": "0351-2222222"},
                chains=None,
                towns=None,
                actor=officer,
                create=False,
            )
    finally:
        answered.set()
        thread.join()

    # then the save gave up after the short wait and says why, and nothing changed
    assert "正在由一个导入批次写入" in refused.value.messages[0]
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "0351-0"
    # and a save once the row is free goes through, with no wait left over on the connection
    saved, outcome = enterprise_save(
        uscc=OLD,
        data={"contact_phone": "0351-2222222"},
        chains=None,
        towns=None,
        actor=officer,
        create=False,
    )
    assert outcome == "updated" and saved.contact_phone == "0351-2222222"
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == "0"
