"""Shared parts of the member lists (chain members, town members): one row, one membership."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import transaction

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.registry.importing.messages import FileRefused
from qstrong.registry.importing.smallfiles import SmallFile, finish
from qstrong.registry.models import Enterprise, ImportBatch
from qstrong.registry.services import enterprise_membership_audit, memberships_snapshot
from qstrong.registry.uscc import uscc_normalise

G = TypeVar("G")  # the group joined: a chain or a town
V = TypeVar("V")  # what the row says about the membership (role and segment, leading flag)


@dataclass
class MemberPlan(Generic[G, V]):
    number: int
    group: G | None
    enterprise: Enterprise | None
    value: V


class MemberRows:
    """The rows of a member list with their enterprises, checked against the actor's reach."""

    def __init__(self, result: SmallFile, actor: Any) -> None:
        self.result = result
        self.usccs = [_uscc(row.get("uscc")) for row in result.rows]
        self.enterprises = {
            e.uscc: e for e in Enterprise.objects.filter(uscc__in=[u for u in self.usccs if u])
        }
        jurisdiction = jurisdiction_of(actor) if actor is not None else None
        if jurisdiction is not None and (
            not jurisdiction.can_write or jurisdiction.region_prefix is None
        ):
            raise FileRefused("forbidden")
        self.jurisdiction = jurisdiction
        self._seen: dict[tuple[int, int], int] = {}

    def __iter__(self) -> Iterator[tuple[dict[str, Any], str | None]]:
        return iter(zip(self.result.rows, self.usccs, strict=True))

    def enterprise(self, number: int, row: dict[str, Any], uscc: str | None) -> Enterprise | None:
        """The row's enterprise; an error when it is unknown or outside the jurisdiction."""
        enterprise = self.enterprises.get(uscc or "")
        if row.get("uscc") and enterprise is None:
            self.result.error(number, "uscc", "enterprise_unknown")
        elif (
            enterprise is not None
            and self.jurisdiction is not None
            and not (self.jurisdiction.covers_region(enterprise.region_id))
        ):
            self.result.error(number, "uscc", "out_of_jurisdiction")
        return enterprise

    def check_repeated(self, number: int, group: Any, enterprise: Enterprise | None) -> None:
        """An error for a second row with the same group and enterprise."""
        if group is not None and enterprise is not None:
            key = (group.pk, enterprise.pk)
            if key in self._seen:
                self.result.error(number, "uscc", "uscc_duplicate", first=self._seen[key])
            self._seen.setdefault(key, number)


def write_members(
    *,
    batch: ImportBatch,
    result: SmallFile,
    plans: Sequence[MemberPlan[G, V]],
    write: Callable[[G, Enterprise, V], str],
    actor: Any,
) -> None:
    """Write the good rows (all or none unless the batch takes valid rows only) and finish.

    `write` adds or updates one membership and says "created", "updated" or "unchanged".
    """
    if result.errors and not batch.valid_rows_only:
        finish(batch, result, None)
        return
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    bad = result.bad_rows
    with transaction.atomic():
        for plan in plans:
            if plan.number in bad:
                continue
            # A row whose group or enterprise is missing or unknown has an error and is in `bad`.
            assert plan.group is not None and plan.enterprise is not None
            enterprise = plan.enterprise
            before = memberships_snapshot(enterprise)
            status = write(plan.group, enterprise, plan.value)
            counts[status] += 1
            if status == "unchanged":
                continue
            enterprise_membership_audit(
                enterprise=enterprise, before=before, actor=actor, import_batch_id=batch.pk
            )
        if batch.dry_run:
            transaction.set_rollback(True)
    finish(batch, result, counts)


def _uscc(text: str | None) -> str | None:
    return uscc_normalise(text) if text else None


def user_or_none(actor: Any) -> Any:
    """The actor to store as created_by / updated_by: None for system loads."""
    return actor if actor is not None and getattr(actor, "pk", None) else None
