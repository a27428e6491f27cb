"""Writes to the registry. Every change is validated, transactional and audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.permissions import ENTERPRISE_DIRECT_FIELDS
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record, diff_fields, jsonable
from qstrong.registry.models import (
    Chain,
    ChainMember,
    Enterprise,
    Segment,
    SupplyLink,
    Town,
    TownMember,
)
from qstrong.registry.scale import derive_scale
from qstrong.registry.signals import enterprise_changed
from qstrong.registry.uscc import uscc_normalise

# The fields of an enterprise that an import or a form may set, in IMPORT.md order.
ENTERPRISE_FIELDS: tuple[str, ...] = (
    "name",
    "region_id",
    "industry_id",
    "established",
    "employees",
    "revenue",
    "registered_capital",
    "scale",
    "certifications",
    "tags",
    "standards_led",
    "patents",
    "credit_rating",
    "contact_name",
    "contact_phone",
)

ENTERPRISE_TYPE = "registry.enterprise"


def enterprise_snapshot(enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise's fields as the audit trail stores them."""
    values = {field: jsonable(getattr(enterprise, field)) for field in ENTERPRISE_FIELDS}
    values["scale_derived"] = enterprise.scale_derived
    return values


def chain_membership_text(code: str, role: str, segment: str | None = None) -> str:
    """A chain membership as the audit trail stores it: "code:role", or "code:role@segment".

    The one format of services and importer alike. Roles hold neither ":" nor "@", so the
    text splits back unambiguously whatever the segment's name (chain_membership_parts).
    """
    return f"{code}:{role}@{segment}" if segment else f"{code}:{role}"


def chain_membership_parts(text: str) -> tuple[str, str, str | None]:
    """(code, role, segment name or None) of a chain_membership_text."""
    code, _, rest = text.partition(":")
    role, at, segment = rest.partition("@")
    return code, role, segment if at else None


def memberships_snapshot(enterprise: Enterprise) -> dict[str, list[str]]:
    chains = sorted(
        chain_membership_text(m.chain.code, m.role, m.segment.name if m.segment else None)
        for m in enterprise.chain_memberships.select_related("chain", "segment").all()
    )
    towns = sorted(
        f"{m.town.code}{':leading' if m.is_leading else ''}"
        for m in enterprise.town_memberships.select_related("town").all()
    )
    return {"chains": chains, "towns": towns}


def _check_can_write(
    *,
    actor: Any,
    region_id: str,
    enterprise: Enterprise | None,
    fields: Iterable[str] | None = None,
) -> None:
    """Raise PermissionDenied unless the actor may write these fields of this enterprise.

    `fields` None means the memberships or the record as a whole (archive, restore).
    """
    if actor is None:  # system loads (demo data, CLI run by the operator) are not scoped
        return
    jurisdiction = jurisdiction_of(actor)
    if not jurisdiction.can_write:
        raise PermissionDenied("read-only role")
    if jurisdiction.enterprise_id is not None:
        if enterprise is None or enterprise.pk != jurisdiction.enterprise_id:
            raise PermissionDenied("enterprise users change only their own record")
        refused = {"memberships"} if fields is None else set(fields) - ENTERPRISE_DIRECT_FIELDS
        if refused:
            raise PermissionDenied(f"enterprise users cannot change: {sorted(refused)}")
        return
    if not jurisdiction.covers_region(region_id):
        raise PermissionDenied("region outside the user's jurisdiction")
    if enterprise is not None and not jurisdiction.covers_region(enterprise.region_id):
        raise PermissionDenied("enterprise outside the user's jurisdiction")


def apply_derived_scale(enterprise: Enterprise) -> None:
    """Fill the scale from the national classification when it was not given."""
    if enterprise.scale and not enterprise.scale_derived:
        return
    derived = derive_scale(
        industry_code=enterprise.industry_id,
        employees=enterprise.employees,
        revenue=enterprise.revenue,
    )
    enterprise.scale = derived or ""
    enterprise.scale_derived = derived is not None


@transaction.atomic
def enterprise_upsert(
    *,
    uscc: str,
    data: Mapping[str, Any],
    actor: Any,
    source: str | None = None,
    source_note: str | None = None,
    import_batch_id: int | None = None,
    note: str = "",
) -> tuple[Enterprise, str]:
    """Create or update by USCC, only the given fields; outcome: created, updated, unchanged.

    `note` goes into the change history (e.g. the approved change request it carries out).
    """
    uscc = uscc_normalise(uscc)
    unknown = set(data) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise ValueError(f"unknown enterprise fields: {sorted(unknown)}")
    enterprise = Enterprise.objects.select_for_update().filter(uscc=uscc).first()
    created = enterprise is None
    region_id = str(data.get("region_id") or (enterprise.region_id if enterprise else ""))
    _check_can_write(actor=actor, region_id=region_id, enterprise=enterprise, fields=data.keys())
    if enterprise is None:
        enterprise = Enterprise(uscc=uscc, created_by=_user(actor))
        before: dict[str, Any] = {}
    else:
        before = enterprise_snapshot(enterprise)
    for field, value in data.items():
        setattr(enterprise, field, value)
    if "scale" in data:
        enterprise.scale_derived = False
    if source is not None:
        enterprise.source = source
    if source_note is not None:
        enterprise.source_note = source_note
    apply_derived_scale(enterprise)
    enterprise.full_clean(exclude=["created_by", "updated_by"])
    changes = diff_fields(before, enterprise_snapshot(enterprise))
    if not created and not changes:
        return enterprise, "unchanged"
    enterprise.updated_by = _user(actor)
    enterprise.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        object_type=ENTERPRISE_TYPE,
        object_id=str(enterprise.pk),
        object_repr=enterprise.name,
        changes=changes,
        import_batch_id=import_batch_id,
        note=note,
    )
    _rematch_after_commit(enterprise)
    return enterprise, "created" if created else "updated"


@transaction.atomic
def enterprise_archive(*, enterprise: Enterprise, actor: Any, reason: str = "") -> Enterprise:
    _check_can_write(actor=actor, region_id=enterprise.region_id, enterprise=enterprise)
    if enterprise.archived_at is not None:
        raise ValidationError("already archived")
    enterprise.archived_at = timezone.now()
    enterprise.updated_by = _user(actor)
    enterprise.save(update_fields=["archived_at", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.ARCHIVE,
        object_type=ENTERPRISE_TYPE,
        object_id=str(enterprise.pk),
        object_repr=enterprise.name,
        note=reason,
        changes={"archived_at": [None, jsonable(enterprise.archived_at)]},
    )
    _rematch_after_commit(enterprise)
    return enterprise


@transaction.atomic
def enterprise_restore(*, enterprise: Enterprise, actor: Any) -> Enterprise:
    _check_can_write(actor=actor, region_id=enterprise.region_id, enterprise=enterprise)
    previous = enterprise.archived_at
    enterprise.archived_at = None
    enterprise.updated_by = _user(actor)
    enterprise.save(update_fields=["archived_at", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.RESTORE,
        object_type=ENTERPRISE_TYPE,
        object_id=str(enterprise.pk),
        object_repr=enterprise.name,
        changes={"archived_at": [jsonable(previous), None]},
    )
    _rematch_after_commit(enterprise)
    return enterprise


@transaction.atomic
def enterprise_set_memberships(
    *,
    enterprise: Enterprise,
    chains: Sequence[tuple[Chain, str, Segment | None]] | None,
    towns: Sequence[tuple[Town, bool]] | None,
    actor: Any,
    import_batch_id: int | None = None,
) -> dict[str, list[Any]]:
    """Replace the enterprise's chain and/or town memberships (None leaves that kind as it is)."""
    _check_can_write(actor=actor, region_id=enterprise.region_id, enterprise=enterprise)
    before = memberships_snapshot(enterprise)
    if chains is not None:
        wanted = {chain.pk: (role, segment) for chain, role, segment in chains}
        enterprise.chain_memberships.exclude(chain_id__in=wanted).delete()
        for chain_id, (role, segment) in wanted.items():
            ChainMember.objects.update_or_create(
                enterprise=enterprise,
                chain_id=chain_id,
                defaults={"role": role, "segment": segment, "updated_by": _user(actor)},
                create_defaults={"role": role, "segment": segment, "created_by": _user(actor)},
            )
    if towns is not None:
        wanted_towns = {town.pk: leading for town, leading in towns}
        enterprise.town_memberships.exclude(town_id__in=wanted_towns).delete()
        for town_id, leading in wanted_towns.items():
            TownMember.objects.update_or_create(
                enterprise=enterprise,
                town_id=town_id,
                defaults={"is_leading": leading, "updated_by": _user(actor)},
                create_defaults={"is_leading": leading, "created_by": _user(actor)},
            )
    changes = enterprise_membership_audit(
        enterprise=enterprise, before=before, actor=actor, import_batch_id=import_batch_id
    )
    if changes:
        _rematch_after_commit(enterprise)
    return changes


def _rematch_after_commit(enterprise: Enterprise) -> None:
    """Announce the change; the apps that follow the record (policies) act after the commit."""
    enterprise_changed.send(sender=Enterprise, enterprise_id=enterprise.pk)


def enterprise_membership_audit(
    *,
    enterprise: Enterprise,
    before: Mapping[str, Any],
    actor: Any,
    import_batch_id: int | None = None,
) -> dict[str, list[Any]]:
    """Audit the change of memberships since `before` (a memberships_snapshot), if any."""
    changes = diff_fields(before, memberships_snapshot(enterprise))
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            object_type=ENTERPRISE_TYPE,
            object_id=str(enterprise.pk),
            object_repr=enterprise.name,
            changes=changes,
            import_batch_id=import_batch_id,
        )
    return changes


@transaction.atomic
def chain_upsert(
    *,
    code: str,
    name: str,
    segments: Iterable[str] | None,
    actor: Any,
    chief: str = "",
    description: str = "",
    sort_order: int = 0,
    source: str | None = None,
    source_note: str | None = None,
) -> tuple[Chain, str]:
    """Create or update a chain by code; `segments` (upstream → downstream) replaces the order."""
    chain = Chain.objects.select_for_update().filter(code=code).first()
    created = chain is None
    chain = chain or Chain(code=code, created_by=_user(actor))
    before = _chain_snapshot(chain) if not created else {}
    chain.name, chain.chief, chain.description, chain.sort_order = (
        name,
        chief,
        description,
        sort_order,
    )
    if source is not None:
        chain.source = source
    if source_note is not None:
        chain.source_note = source_note
    chain.full_clean(exclude=["created_by", "updated_by"])
    chain.updated_by = _user(actor)
    chain.save()
    if segments is not None:
        _segments_replace(chain=chain, names=list(segments), actor=actor)
    changes = diff_fields(before, _chain_snapshot(chain))
    if changes or created:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            object_type="registry.chain",
            object_id=str(chain.pk),
            object_repr=chain.name,
            changes=changes,
        )
    return chain, "created" if created else ("updated" if changes else "unchanged")


def _chain_snapshot(chain: Chain) -> dict[str, Any]:
    segments = [s.name for s in chain.segments.order_by("position")] if chain.pk else []
    return {
        "name": chain.name,
        "chief": chain.chief,
        "description": chain.description,
        "sort_order": chain.sort_order,
        "segments": segments,
    }


def _segments_replace(*, chain: Chain, names: list[str], actor: Any) -> None:
    """Keep segments by name (their members stay), reorder, add new ones, drop the rest."""
    if len(set(names)) != len(names):
        raise ValidationError({"segments": "duplicate segment name"})
    existing = {s.name: s for s in chain.segments.all()}
    # Move everything out of the way first so that the unique (chain, position) holds throughout.
    offset = 10_000
    for segment in existing.values():
        segment.position += offset
        segment.save(update_fields=["position"])
    for name, segment in existing.items():
        if name not in names:
            segment.delete()
    count = len(names)
    for index, name in enumerate(names):
        stage = _stage_for(index, count)
        if name in existing:
            segment = existing[name]
            segment.position, segment.stage = index + 1, stage
            segment.save(update_fields=["position", "stage"])
        else:
            Segment.objects.create(
                chain=chain, name=name, position=index + 1, stage=stage, created_by=_user(actor)
            )


def _stage_for(index: int, count: int) -> str:
    if count <= 1:
        return Segment.Stage.MIDSTREAM
    if index == 0:
        return Segment.Stage.UPSTREAM
    if index == count - 1:
        return Segment.Stage.DOWNSTREAM
    return Segment.Stage.MIDSTREAM


@transaction.atomic
def town_upsert(
    *,
    code: str,
    data: Mapping[str, Any],
    actor: Any,
    source: str | None = None,
    source_note: str | None = None,
) -> tuple[Town, str]:
    """Create or update a specialty town by code with the given fields."""
    allowed = {"name", "county_id", "level", "leading_industry", "industry_id", "batch", "is_key"}
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"unknown town fields: {sorted(unknown)}")
    town = Town.objects.select_for_update().filter(code=code).first()
    created = town is None
    town = town or Town(code=code, created_by=_user(actor))
    before = {key: jsonable(getattr(town, key)) for key in allowed} if not created else {}
    for key, value in data.items():
        setattr(town, key, value)
    if source is not None:
        town.source = source
    if source_note is not None:
        town.source_note = source_note
    town.full_clean(exclude=["created_by", "updated_by"])
    changes = diff_fields(before, {key: getattr(town, key) for key in allowed})
    if not created and not changes:
        return town, "unchanged"
    town.updated_by = _user(actor)
    town.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        object_type="registry.town",
        object_id=str(town.pk),
        object_repr=town.name,
        changes=changes,
    )
    return town, "created" if created else "updated"


@transaction.atomic
def supply_link_upsert(
    *,
    supplier: Enterprise,
    customer: Enterprise,
    product: str,
    actor: Any,
    chain: Chain | None = None,
) -> SupplyLink:
    if supplier.pk == customer.pk:
        raise ValidationError({"customer": "an enterprise cannot supply itself"})
    link, created = SupplyLink.objects.get_or_create(
        supplier=supplier,
        customer=customer,
        product=product,
        defaults={"chain": chain, "created_by": _user(actor)},
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            object_type="registry.supplylink",
            object_id=str(link.pk),
            object_repr=str(link)[:255],
            changes={
                "supplier": [None, supplier.uscc],
                "customer": [None, customer.uscc],
                "product": [None, product],
            },
        )
    return link


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None
