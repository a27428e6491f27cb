"""Writes to the registers: every one validated, in a transaction, audited; records that bear on
eligibility re-match their enterprise once committed."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record, diff_fields, jsonable
from qstrong.nqi.models import (
    Brand,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    GIAuthorisation,
    Instrument,
    InstrumentVerification,
    Patent,
    Provider,
    Routing,
    Trademark,
)

M = TypeVar("M", bound=models.Model)
logger = logging.getLogger(__name__)

# Records whose change changes an enterprise's profile for eligibility (registry.facts).
REMATCH_MODELS = (Certificate, Patent, GIAuthorisation, Brand, Trademark)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The record's own fields as JSON values (foreign keys by id), for the audit trail."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"id", "created_at", "updated_at", "created_by", "updated_by"}:
            continue
        values[field.attname] = jsonable(getattr(instance, field.attname))
    return values


def _object_type(instance: models.Model) -> str:
    return f"nqi.{instance._meta.model_name}"


def enterprise_rematch(enterprise_ids: Iterable[int], *, as_of: dt.date | None = None) -> None:
    """Re-match the enterprises once the change is committed: one run over them, on `as_of`
    (today by default). A failure is logged and never undoes the register's change."""
    ids = sorted(set(enterprise_ids))
    if not ids:
        return

    def rematch() -> None:
        from qstrong.policies.matching.runs import match_run
        from qstrong.policies.models import Policy

        if not Policy.objects.filter(
            state=Policy.State.PUBLISHED, archived_at__isnull=True
        ).exists():
            return
        try:
            match_run(as_of=as_of or timezone.localdate(), enterprise_ids=ids)
        except Exception:
            logger.exception("re-matching enterprises %s failed", ids)

    transaction.on_commit(rematch)


def record_save(
    *,
    model: type[M],
    data: Mapping[str, Any],
    actor: Any,
    instance: M | None = None,
    import_batch_id: int | None = None,
    rematch: bool = True,
    many: Mapping[str, Iterable[models.Model]] | None = None,
) -> tuple[M, str]:
    """Create or update one register record; returns it and "created" / "updated" / "unchanged".

    `many` sets many-to-many fields (a GI product's protected regions) after the save.
    Raises ValidationError (field → messages) for bad data; nothing is written then.
    """
    with transaction.atomic():
        creating = instance is None
        record: M = model() if instance is None else instance
        before = {} if creating else snapshot(record)
        many_before = {} if creating else _many_snapshot(record, many)
        for name, value in data.items():
            setattr(record, name, value)
        record.full_clean(exclude=list(many or {}))
        after = snapshot(record)
        changes = diff_fields(before, after)
        many_after = {
            name: sorted(str(v.pk) for v in values) for name, values in (many or {}).items()
        }
        for name, values in many_after.items():
            if many_before.get(name) != values:
                changes[name] = [many_before.get(name, []), values]
        if not creating and not changes:
            return record, "unchanged"
        if hasattr(record, "updated_by"):
            record.updated_by = _user(actor)
            if creating:
                record.created_by = _user(actor)  # type: ignore[attr-defined]
        record.save()
        for name, related in (many or {}).items():
            getattr(record, name).set(list(related))
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            object_type=_object_type(record),
            object_id=str(record.pk),
            object_repr=str(record),
            changes=changes,
            import_batch_id=import_batch_id,
        )
        if isinstance(record, Certificate) and (creating or "status" in changes):
            CertificateEvent.objects.create(
                certificate=record,
                on=timezone.localdate(),
                status_from="" if creating else before.get("status", ""),
                status_to=record.status,
                actor=_user(actor),
                note="登记" if creating else "",
            )
        enterprise_id = getattr(record, "enterprise_id", None)
        if rematch and isinstance(record, REMATCH_MODELS) and enterprise_id:
            enterprise_rematch([enterprise_id])
        return record, "created" if creating else "updated"


def _many_snapshot(
    record: models.Model, many: Mapping[str, Iterable[models.Model]] | None
) -> dict[str, list[str]]:
    return {
        name: sorted(str(pk) for pk in getattr(record, name).values_list("pk", flat=True))
        for name in (many or {})
    }


def record_archive(*, instance: models.Model, actor: Any) -> None:
    """Archive a record (evidence is never deleted); it stops counting at once."""
    with transaction.atomic():
        instance.archived_at = timezone.now()  # type: ignore[attr-defined]
        instance.save(update_fields=["archived_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.ARCHIVE,
            object_type=_object_type(instance),
            object_id=str(instance.pk),
            object_repr=str(instance),
        )
        enterprise_id = getattr(instance, "enterprise_id", None)
        if isinstance(instance, REMATCH_MODELS) and enterprise_id:
            enterprise_rematch([enterprise_id])


def certificate_status_set(
    *,
    certificate: Certificate,
    status: str,
    actor: Any,
    on: dt.date,
    note: str = "",
    rematch: bool = True,
) -> Certificate:
    """Suspend, withdraw, expire or restore a certificate, with its event row."""
    with transaction.atomic():
        before = certificate.status
        if before == status:
            return certificate
        certificate.status = status
        certificate.full_clean()
        certificate.updated_by = _user(actor)
        certificate.save(update_fields=["status", "updated_by", "updated_at"])
        CertificateEvent.objects.create(
            certificate=certificate,
            on=on,
            status_from=before,
            status_to=status,
            actor=_user(actor),
            note=note[:255],
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            object_type="nqi.certificate",
            object_id=str(certificate.pk),
            object_repr=str(certificate),
            changes={"status": [before, status]},
            note=note,
        )
        if rematch:
            enterprise_rematch([certificate.enterprise_id])
        return certificate


def certificates_expire(*, today: dt.date, actor: Any = None) -> list[Certificate]:
    """The daily job: mark certificates past their expiry date as expired and re-match their
    enterprises. A certificate expiring on day D still counts on D; on D+1 it is expired."""
    lapsed = list(
        Certificate.objects.filter(
            status=CertificateStatus.VALID, expires_on__lt=today, archived_at__isnull=True
        ).order_by("pk")
    )
    with transaction.atomic():
        for certificate in lapsed:
            certificate_status_set(
                certificate=certificate,
                status=CertificateStatus.EXPIRED,
                actor=actor,
                on=certificate.expires_on + dt.timedelta(days=1),
                note="有效期届满，系统自动标记过期",
                rematch=False,
            )
        enterprise_rematch([c.enterprise_id for c in lapsed], as_of=today)
    return lapsed


def routing_create(
    *, need: Any, provider: Provider, actor: Any, routed_on: dt.date, note: str = ""
) -> Routing:
    """Send a need to a provider (the need stays open in casework until its tasks close)."""
    routing, _outcome = record_save(
        model=Routing,
        data={"need": need, "provider": provider, "routed_on": routed_on, "note": note},
        actor=actor,
        rematch=False,
    )
    return routing


def routing_answer(
    *,
    routing: Routing,
    actor: Any,
    answer: str,
    answered_on: dt.date,
    outcome: str,
    result: str = "",
) -> Routing:
    """Record the provider's answer and the outcome on the routing."""
    saved, _outcome = record_save(
        model=Routing,
        instance=routing,
        data={"answer": answer, "answered_on": answered_on, "outcome": outcome, "result": result},
        actor=actor,
        rematch=False,
    )
    return saved


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (31 Jan + 1 month → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def instrument_verify(
    *,
    instrument: Instrument,
    actor: Any,
    verified_on: dt.date,
    result: str,
    institute: str,
    certificate_number: str = "",
    next_due_on: dt.date | None = None,
    campaign: Any = None,
    note: str = "",
) -> InstrumentVerification:
    """Record a verification: an append-only row, and the instrument's last date and next due
    date move on (passed: one interval later unless given; failed: due at once — the instrument
    may not be used until verified again)."""
    with transaction.atomic():
        if result == InstrumentVerification.Result.FAILED:
            due = verified_on
        else:
            due = next_due_on or months_after(verified_on, instrument.interval_months)
        verification = InstrumentVerification(
            instrument=instrument,
            verified_on=verified_on,
            result=result,
            institute=institute,
            certificate_number=certificate_number,
            next_due_on=due,
            campaign=campaign,
            actor=_user(actor),
            note=note[:255],
        )
        verification.full_clean()
        verification.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            object_type="nqi.instrumentverification",
            object_id=str(verification.pk),
            object_repr=f"{instrument} {verified_on.isoformat()}",
            changes={"result": [None, result], "next_due_on": [None, due.isoformat()]},
        )
        latest = instrument.last_verified_on is None or verified_on >= instrument.last_verified_on
        if latest:
            record_save(
                model=Instrument,
                instance=instrument,
                data={"last_verified_on": verified_on, "next_due_on": due, "institute": institute},
                actor=actor,
                rematch=False,
            )
        return verification
