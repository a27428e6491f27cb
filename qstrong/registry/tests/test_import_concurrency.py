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
    # (an edit before the import's final check costs it nothing; one after costs a second read)
    assert ("reading again" in caplog.text) == (when == "committing")
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


def test_a_failed_import_leaves_nothing_half_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # given an enterprise the file updates, and a write that breaks after the new rows are in
    enterprise = EnterpriseFactory(uscc=OLD, name="清徐老陈醋有限公司", contact_phone="0351-0")
    before = (Enterprise.objects.count(), ChainMember.objects.count(), TownMember.objects.count())

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(commit, "_write_memberships", broken)

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
