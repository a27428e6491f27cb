"""The security audit trail: recording events in a hash chain, and verifying the chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from qstrong.core.models import SecurityEvent

GENESIS = "0" * 64
# Any constant: the PostgreSQL advisory lock that serialises writers of the chain.
CHAIN_LOCK_KEY = 0x5153_5345_4356  # "QSSECV"
Kind = SecurityEvent.Kind
Outcome = SecurityEvent.Outcome


def _key() -> bytes:
    """The chain's HMAC key: QSTRONG_AUDIT_KEY, else derived from SECRET_KEY.

    Without the key, someone who edits the table cannot recompute valid hashes.
    """
    explicit = str(getattr(settings, "QSTRONG_AUDIT_KEY", "") or "")
    material = explicit or f"qstrong-audit-chain:{settings.SECRET_KEY}"
    return hashlib.sha256(material.encode()).digest()


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(event: SecurityEvent) -> str:
    """HMAC-SHA256 over the row's fields and the previous row's hash."""
    body = json.dumps(
        [
            event.seq,
            _stamp(event.at),
            event.actor_id,
            event.username,
            event.address,
            event.kind,
            event.outcome,
            event.object_type,
            event.object_id,
            event.path,
            event.detail,
            event.prev_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hmac.new(_key(), body.encode(), hashlib.sha256).hexdigest()


def client_address(request: HttpRequest | None) -> str:
    """The client's address; behind a proxy (QSTRONG_BEHIND_PROXY) the one the proxy saw."""
    if request is None:
        return ""
    if getattr(settings, "QSTRONG_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # nginx appends the address it saw: the right-most entry is the trustworthy one.
            return forwarded.split(",")[-1].strip()[:45]
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    # SQLite: the project opens every transaction IMMEDIATE, which already takes the write lock.


def security_record(
    *,
    kind: str,
    outcome: str = Outcome.SUCCESS,
    request: HttpRequest | None = None,
    actor: Any = None,
    username: str = "",
    object_type: str = "",
    object_id: str = "",
    detail: Mapping[str, Any] | None = None,
) -> SecurityEvent:
    """Append one event to the chain (inside the caller's transaction, if any)."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    if not username and actor_id is not None:
        username = str(actor.get_username())
    with transaction.atomic():
        _lock_chain()
        last = SecurityEvent.objects.order_by("-seq", "-id").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        event = SecurityEvent(
            seq=seq,
            at=timezone.now(),
            actor_id=actor_id,
            username=username[:150],
            address=client_address(request),
            kind=kind,
            outcome=outcome,
            object_type=object_type[:64],
            object_id=str(object_id)[:64],
            path=(request.get_full_path() if request is not None else "")[:255],
            detail=json.loads(json.dumps(dict(detail or {}), ensure_ascii=False, default=str)),
            prev_hash=prev_hash,
        )
        event.hash = event_hash(event)
        event.save()
    return event


@dataclass(frozen=True)
class ChainProblem:
    """The first place the chain is broken: what happened and where."""

    kind: str  # "altered" | "inserted" | "deleted"
    seq: int
    event_id: int | None
    message: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_seq: int
    head_hash: str
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows(batch: int = 2000) -> Iterator[SecurityEvent]:
    """Every row in chain order, read in keyset batches (the trail holds millions)."""
    last: tuple[int, int] = (0, 0)
    while True:
        rows = list(
            SecurityEvent.objects.filter(seq__gte=last[0])
            .exclude(seq=last[0], id__lte=last[1])
            .order_by("seq", "id")[:batch]
        )
        if not rows:
            return
        yield from rows
        last = (rows[-1].seq, rows[-1].id)


def chain_verify() -> ChainReport:
    """Walk the chain from the first row; report the first altered, inserted or deleted row.

    - deleted: a sequence number is missing (the row after the gap is named);
    - inserted: a sequence number appears twice, or a row's hash is wrong and it does not link
      to its predecessor (a forged row);
    - altered: a row links to its predecessor but its fields no longer match its hash.
    Deleting rows at the end of the chain leaves a shorter, valid chain: compare the reported
    head with one recorded earlier (docs/running.md).
    """
    prev_seq, prev_hash, checked = 0, GENESIS, 0
    for row in _rows():
        checked += 1
        problem: ChainProblem | None = None
        if row.seq <= prev_seq:
            problem = ChainProblem(
                "inserted", row.seq, row.pk, f"序号 {row.seq} 重复：第 {row.pk} 行是插入的记录"
            )
        elif row.seq != prev_seq + 1:
            problem = ChainProblem(
                "deleted",
                prev_seq + 1,
                row.pk,
                f"序号 {prev_seq + 1}–{row.seq - 1} 的记录已被删除（在序号 {row.seq} 之前）",
            )
        elif event_hash(row) != row.hash:
            if row.prev_hash == prev_hash:
                problem = ChainProblem(
                    "altered", row.seq, row.pk, f"序号 {row.seq} 的记录内容已被篡改"
                )
            else:
                problem = ChainProblem(
                    "inserted", row.seq, row.pk, f"序号 {row.seq} 的记录是插入的伪造记录"
                )
        elif row.prev_hash != prev_hash:
            problem = ChainProblem(
                "deleted", row.seq, row.pk, f"序号 {row.seq} 之前的记录已被删除或替换"
            )
        if problem is not None:
            return ChainReport(
                checked=checked, head_seq=prev_seq, head_hash=prev_hash, problem=problem
            )
        prev_seq, prev_hash = row.seq, row.hash
    return ChainReport(checked=checked, head_seq=prev_seq, head_hash=prev_hash, problem=None)
