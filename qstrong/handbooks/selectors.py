"""Reads of handbooks, scoped: county officers their county's, chains for every officer, an
enterprise user only its own published handbook."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from qstrong.accounts.jurisdiction import OFFICER_ROLES, READ_ROLES, jurisdiction_of
from qstrong.accounts.permissions import is_admin
from qstrong.handbooks.models import Batch, Handbook, HandbookEvent, Kind, Measure, MeasureTemplate


def handbooks_visible(*, user: Any) -> QuerySet[Handbook]:
    qs = Handbook.objects.select_related("enterprise", "chain", "town", "batch")
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.enterprise_id is not None:
        return qs.filter(enterprise_id=jurisdiction.enterprise_id, state=Handbook.State.PUBLISHED)
    if jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.is_everything:
        return qs
    if not (is_admin(user) or getattr(user, "role", "") in READ_ROLES):
        return qs.none()
    # Chain handbooks are the province's, readable by every officer (members aggregated).
    return qs.filter(Q(kind=Kind.CHAIN) | Q(region_code__startswith=jurisdiction.region_prefix))


def can_compile(user: Any) -> bool:
    """Batches and chain handbooks are compiled by the province (planners, administrators)."""
    jurisdiction = jurisdiction_of(user)
    return bool(
        jurisdiction.is_everything
        and jurisdiction.can_write
        and (is_admin(user) or getattr(user, "role", "") in OFFICER_ROLES)
    )


def can_edit(user: Any, handbook: Handbook) -> bool:
    """Officers whose jurisdiction covers the subject; chain handbooks only the province."""
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write or jurisdiction.enterprise_id is not None:
        return False
    if not (is_admin(user) or getattr(user, "role", "") in OFFICER_ROLES):
        return False
    if handbook.kind == Kind.CHAIN:
        return jurisdiction.is_everything
    return jurisdiction.covers_region(handbook.region_code)


def handbook_detail(*, user: Any, pk: int) -> Handbook:
    handbook = handbooks_visible(user=user).filter(pk=pk).first()
    if handbook is None:
        raise Http404("handbook")
    return handbook


def handbook_search(
    *, user: Any, kind: str = "", state: str = "", batch: int | None = None, q: str = ""
) -> QuerySet[Handbook]:
    qs = handbooks_visible(user=user)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    if batch:
        qs = qs.filter(batch_id=batch)
    if q:
        qs = qs.filter(subject_name__icontains=q)
    return qs.order_by("kind", "subject_name", "-edition")


def handbook_measures(*, handbook: Handbook) -> list[Measure]:
    return list(
        handbook.measures.select_related(
            "responsible_bureau", "responsible_person", "task"
        ).order_by("position", "pk")
    )


def handbook_events(*, handbook: Handbook) -> QuerySet[HandbookEvent]:
    return handbook.events.select_related("actor").order_by("-at", "-pk")


def previous_edition(*, handbook: Handbook) -> Handbook | None:
    return (
        Handbook.objects.filter(
            subject_key=handbook.subject_key,
            edition__lt=handbook.edition,
            state__in=(Handbook.State.PUBLISHED, Handbook.State.SUPERSEDED),
        )
        .order_by("-edition")
        .first()
    )


def batches_visible(*, user: Any) -> QuerySet[Batch]:
    """Every batch for the province; for others the batches holding a handbook they may see."""
    qs = Batch.objects.select_related("job")
    if jurisdiction_of(user).is_everything:
        return qs
    visible = handbooks_visible(user=user).exclude(kind=Kind.CHAIN).values("batch_id")
    if jurisdiction_of(user).enterprise_id is not None:
        return qs.none()
    return qs.filter(pk__in=visible)


def batch_detail(*, user: Any, pk: int) -> Batch:
    batch = batches_visible(user=user).filter(pk=pk).first()
    if batch is None:
        raise Http404("batch")
    return batch


def batch_counts(*, user: Any, batch: Batch) -> dict[str, int]:
    rows = (
        handbooks_visible(user=user)
        .filter(batch=batch)
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    counts = {state: 0 for state in Handbook.State.values}
    counts.update(dict(rows))
    return counts


def batch_list(*, user: Any) -> list[tuple[Batch, dict[str, int]]]:
    batches = list(batches_visible(user=user).order_by("kind", "year", "name"))
    rows = (
        handbooks_visible(user=user)
        .filter(batch__in=batches)
        .values("batch_id", "state")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {
        b.pk: {s: 0 for s in Handbook.State.values} for b in batches
    }
    for row in rows:
        counts[row["batch_id"]][row["state"]] = row["n"]
    return [(b, counts[b.pk]) for b in batches]


def measure_library(*, kind: str) -> QuerySet[MeasureTemplate]:
    return MeasureTemplate.objects.filter(kind=kind, active=True).order_by("sort_order", "pk")


def library_by_category(*, kind: str) -> list[tuple[str, list[MeasureTemplate]]]:
    """The kind's whole library, retired measures included, grouped by category in the kind's
    category order (a category no longer listed comes last)."""
    from qstrong.handbooks.library import CATEGORIES

    rows = MeasureTemplate.objects.filter(kind=kind).order_by("sort_order", "pk")
    grouped: dict[str, list[MeasureTemplate]] = {c: [] for c in CATEGORIES.get(kind, ())}
    for row in rows:
        grouped.setdefault(row.category, []).append(row)
    return list(grouped.items())


def section_rows(*, kind: str) -> list[tuple[str, str, bool]]:
    """(key, title, shown) of every section the kind can have: shown ones in the kept order,
    then the ones left out."""
    from qstrong.handbooks.composing import sections_available
    from qstrong.handbooks.drafting import layout_of

    titles = dict(sections_available(kind))
    shown = [key for key in layout_of(kind) if key in titles]
    return [(key, titles[key], True) for key in shown] + [
        (key, title, False) for key, title in titles.items() if key not in shown
    ]


def own_published(*, user: Any) -> QuerySet[Handbook]:
    """The enterprise user's own published handbooks (the portal)."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.enterprise_id is None:
        return Handbook.objects.none()
    return Handbook.objects.filter(
        enterprise_id=jurisdiction.enterprise_id, state=Handbook.State.PUBLISHED
    ).select_related("batch")


def published_counts() -> list[tuple[str, str, int]]:
    """(kind, batch name, handbooks) of the current published editions, for the overview."""
    rows = (
        Handbook.objects.filter(state=Handbook.State.PUBLISHED)
        .values("kind", "batch__name")
        .annotate(n=Count("pk"))
        .order_by("kind", "batch__name")
    )
    return [(r["kind"], r["batch__name"] or "", r["n"]) for r in rows]
