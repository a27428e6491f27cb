"""What the registers say about an enterprise on a date, offered to readers through
registry.facts: certifications and patents where records exist, and the register-only fields."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet

from qstrong.nqi.models import (
    Brand,
    Certificate,
    CertificateStatus,
    GIAuthorisation,
    Patent,
    Trademark,
)
from qstrong.registry.facts import FactValues, facts_provider_register

FIELDS = (
    "certifications",
    "certificates",
    "patents",
    "high_value_patents",
    "gi_authorisations",
    "brand_honours",
)


def _for(qs: QuerySet[Any], enterprise_ids: Sequence[int] | None) -> QuerySet[Any]:
    qs = qs.filter(archived_at__isnull=True)
    return qs if enterprise_ids is None else qs.filter(enterprise_id__in=list(enterprise_ids))


def valid_certificate_q(as_of: dt.date) -> Q:
    """Certificates that count on the day: valid status, issued on or before, not yet expired
    (an expiry date of 30 June counts on 30 June and no longer on 1 July)."""
    return Q(status=CertificateStatus.VALID, issued_on__lte=as_of, expires_on__gte=as_of)


def certificate_facts(*, as_of: dt.date, enterprise_ids: Sequence[int] | None = None) -> FactValues:
    """For every enterprise with a certificate record: the schemes valid on the day."""
    values: FactValues = {}
    rows = _for(Certificate.objects.all(), enterprise_ids).values_list("enterprise_id", "scheme")
    for enterprise_id, _scheme in rows:
        values.setdefault(enterprise_id, {"certifications": [], "certificates": []})
    valid = _for(Certificate.objects.filter(valid_certificate_q(as_of)), enterprise_ids)
    schemes: dict[int, set[str]] = defaultdict(set)
    for enterprise_id, scheme in valid.values_list("enterprise_id", "scheme"):
        schemes[enterprise_id].add(scheme)
    for enterprise_id, held in schemes.items():
        values[enterprise_id] = {"certifications": sorted(held), "certificates": sorted(held)}
    return values


def patent_facts(*, as_of: dt.date, enterprise_ids: Sequence[int] | None = None) -> FactValues:
    """For every enterprise with a patent record: valid invention patents and high-value ones."""
    values: FactValues = {}
    rows = _for(Patent.objects.all(), enterprise_ids).values_list(
        "enterprise_id", "kind", "status", "granted_on", "high_value"
    )
    for enterprise_id, kind, status, granted_on, high_value in rows:
        counts = values.setdefault(enterprise_id, {"patents": 0, "high_value_patents": 0})
        in_force = status == Patent.Status.GRANTED and (granted_on is None or granted_on <= as_of)
        if kind == Patent.Kind.INVENTION and in_force:
            counts["patents"] += 1
            counts["high_value_patents"] += int(high_value)
    return values


def gi_facts(*, as_of: dt.date, enterprise_ids: Sequence[int] | None = None) -> FactValues:
    """GI products each enterprise is authorised to use on the day (by product code)."""
    codes: dict[int, set[str]] = defaultdict(set)
    valid = _for(GIAuthorisation.objects.all(), enterprise_ids).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=as_of),
        authorised_on__lte=as_of,
        product__archived_at__isnull=True,
    )
    for enterprise_id, code in valid.values_list("enterprise_id", "product__code"):
        codes[enterprise_id].add(code)
    return {eid: {"gi_authorisations": sorted(held)} for eid, held in codes.items()}


def honour_facts(*, as_of: dt.date, enterprise_ids: Sequence[int] | None = None) -> FactValues:
    """山西精品 (a brand of the enterprise recognised on or before the day), 驰名商标 and
    地理标志证明商标 (a registered trademark of that kind)."""
    honours: dict[int, set[str]] = defaultdict(set)
    premium = _for(Brand.objects.all(), enterprise_ids).filter(premium_on__lte=as_of)
    for enterprise_id in premium.values_list("enterprise_id", flat=True):
        honours[enterprise_id].add("shanxi_premium")
    marks = _for(Trademark.objects.all(), enterprise_ids).filter(
        status=Trademark.Status.REGISTERED,
        kind__in=[Trademark.Kind.WELL_KNOWN, Trademark.Kind.GI_MARK],
    )
    for enterprise_id, kind in marks.values_list("enterprise_id", "kind"):
        honours[enterprise_id].add("well_known_mark" if kind == Trademark.Kind.WELL_KNOWN else kind)
    return {eid: {"brand_honours": sorted(held)} for eid, held in honours.items()}


def register_facts() -> None:
    facts_provider_register(
        name="nqi.certificates",
        fields=("certifications", "certificates"),
        provider=certificate_facts,
    )
    facts_provider_register(
        name="nqi.patents", fields=("patents", "high_value_patents"), provider=patent_facts
    )
    facts_provider_register(name="nqi.gi", fields=("gi_authorisations",), provider=gi_facts)
    facts_provider_register(name="nqi.honours", fields=("brand_honours",), provider=honour_facts)
