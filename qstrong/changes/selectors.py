"""Reads: change requests scoped like the enterprises they concern."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.changes.models import ChangeRequest, EvidenceFile
from qstrong.changes.services import can_decide, field_label, value_text
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import scope_enterprises


def requests_visible(*, user: Any) -> QuerySet[ChangeRequest]:
    """An enterprise user: its own enterprise's; an officer or leader: its jurisdiction's."""
    enterprises = scope_enterprises(Enterprise.objects.all(), jurisdiction_of(user))
    return (
        ChangeRequest.objects.filter(enterprise__in=enterprises)
        .select_related("enterprise", "requested_by", "decided_by")
        .order_by("-created_at", "-id")
    )


def request_counts(*, user: Any) -> dict[str, int]:
    """How many requests in each state, for the queue's tabs."""
    counts = {state: 0 for state in ChangeRequest.State.values}
    rows = requests_visible(user=user).order_by().values("state").annotate(n=Count("id"))
    for row in rows:
        counts[row["state"]] = row["n"]
    return counts


def request_detail(*, user: Any, pk: int) -> ChangeRequest:
    """One visible request (DoesNotExist otherwise: the caller answers 404)."""
    return requests_visible(user=user).prefetch_related("files", "events__actor").get(pk=pk)


def evidence_visible(*, user: Any, pk: int) -> EvidenceFile:
    return EvidenceFile.objects.select_related("change_request").get(
        pk=pk, change_request__in=requests_visible(user=user)
    )


@dataclass(frozen=True)
class DiffRow:
    field: str
    label: str
    before: str
    after: str
    current: str

    @property
    def changed_since(self) -> bool:
        """The record moved since the request (an officer's edit): the officer should know."""
        return self.current != self.before


def request_diff(request: ChangeRequest) -> list[DiffRow]:
    """Field, value when asked, value asked for, value now."""
    enterprise = request.enterprise
    return [
        DiffRow(
            field=field,
            label=field_label(field),
            before=value_text(before),
            after=value_text(after),
            current=value_text(getattr(enterprise, field)),
        )
        for field, (before, after) in sorted(request.changes.items())
    ]


def may_decide(*, user: Any, request: ChangeRequest) -> bool:
    return request.state == ChangeRequest.State.PENDING and can_decide(user, request.enterprise)
