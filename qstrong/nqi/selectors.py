"""Reads of the registers, scoped to the user's jurisdiction.

Records about an enterprise follow the enterprise's region (a county officer sees the county's,
an enterprise user its own); providers, standards, GI products and regional brands are public
reference records every signed-in user of the province may read. The per-subject reads
(`enterprise_summary`, `chain_summary`, `town_summary`) are the public face for other apps
(panels, handbooks).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet

from qstrong.accounts.jurisdiction import Jurisdiction, jurisdiction_of
from qstrong.nqi.facts import valid_certificate_q
from qstrong.nqi.models import (
    Brand,
    Certificate,
    CertificateStatus,
    GIAuthorisation,
    GIProduct,
    InnovationBase,
    Instrument,
    Patent,
    Provider,
    ProviderService,
    Routing,
    Standard,
    StandardParticipation,
    Trademark,
)
from qstrong.registry.models import Chain, Enterprise, Town

M = TypeVar("M", bound=Model)
EXPIRY_WINDOW_DAYS = 90


def scope_by_enterprise(
    qs: QuerySet[M], jurisdiction: Jurisdiction, path: str = "enterprise"
) -> QuerySet[M]:
    """Rows whose enterprise (at `path`) the jurisdiction covers; archived enterprises left out."""
    qs = qs.filter(**{f"{path}__archived_at__isnull": True})
    if jurisdiction.enterprise_id is not None:
        return qs.filter(**{f"{path}_id": jurisdiction.enterprise_id})
    if jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.region_prefix == "":
        return qs
    return qs.filter(**{f"{path}__region__code__startswith": jurisdiction.region_prefix})


def _scoped(qs: QuerySet[M], user: Any, path: str = "enterprise") -> QuerySet[M]:
    return scope_by_enterprise(qs, jurisdiction_of(user), path)


def can_read_public(user: Any) -> bool:
    """Any signed-in user with a role (officer, leader, enterprise user) reads public records."""
    return not jurisdiction_of(user).is_nothing


# ------------------------------------------------------------------ lists


def certificates_visible(*, user: Any) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(archived_at__isnull=True)
    return _scoped(qs, user).select_related("enterprise", "enterprise__region")


def certificates_expiring(
    *, user: Any, today: dt.date, days: int = EXPIRY_WINDOW_DAYS
) -> QuerySet[Certificate]:
    """Valid certificates whose expiry date falls within the next `days` days (today included)."""
    return certificates_visible(user=user).filter(
        status=CertificateStatus.VALID,
        expires_on__gte=today,
        expires_on__lte=today + dt.timedelta(days=days),
    )


def instruments_visible(*, user: Any) -> QuerySet[Instrument]:
    qs = Instrument.objects.filter(archived_at__isnull=True)
    return _scoped(qs, user).select_related("enterprise", "enterprise__region")


def instruments_overdue(*, user: Any, today: dt.date) -> QuerySet[Instrument]:
    """Instruments whose next verification date has passed."""
    return instruments_visible(user=user).filter(next_due_on__lt=today)


def instruments_due(*, user: Any, today: dt.date, days: int = 30) -> QuerySet[Instrument]:
    return instruments_visible(user=user).filter(next_due_on__lte=today + dt.timedelta(days=days))


def trademarks_visible(*, user: Any) -> QuerySet[Trademark]:
    qs = Trademark.objects.filter(archived_at__isnull=True)
    return _scoped(qs, user).select_related("enterprise")


def patents_visible(*, user: Any) -> QuerySet[Patent]:
    qs = Patent.objects.filter(archived_at__isnull=True)
    return _scoped(qs, user).select_related("enterprise")


def participations_visible(*, user: Any) -> QuerySet[StandardParticipation]:
    return _scoped(StandardParticipation.objects.all(), user).select_related(
        "enterprise", "standard"
    )


def gi_authorisations_visible(*, user: Any) -> QuerySet[GIAuthorisation]:
    qs = GIAuthorisation.objects.filter(archived_at__isnull=True)
    return _scoped(qs, user).select_related("enterprise", "product")


def enterprise_brands_visible(*, user: Any) -> QuerySet[Brand]:
    qs = Brand.objects.filter(archived_at__isnull=True, enterprise__isnull=False)
    return _scoped(qs, user).select_related("enterprise", "parent", "region")


def standards_public(*, user: Any) -> QuerySet[Standard]:
    if not can_read_public(user):
        return Standard.objects.none()
    return Standard.objects.filter(archived_at__isnull=True).annotate(
        participants=Count("participations")
    )


def providers_public(*, user: Any) -> QuerySet[Provider]:
    """Providers are read province-wide: an enterprise in 代县 may use a laboratory in 太原."""
    if not can_read_public(user):
        return Provider.objects.none()
    return Provider.objects.filter(archived_at__isnull=True).select_related("region")


def services_public(*, user: Any) -> QuerySet[ProviderService]:
    """Catalogue lines of the readable providers."""
    return ProviderService.objects.filter(provider__in=providers_public(user=user)).select_related(
        "provider", "industry"
    )


def provider_detail(*, user: Any, pk: int) -> Provider:
    """Provider.DoesNotExist when not readable."""
    return providers_public(user=user).prefetch_related("services__industry").get(pk=pk)


def providers_editable(*, user: Any) -> QuerySet[Provider]:
    """Officers change the providers located in their jurisdiction."""
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write or jurisdiction.region_prefix is None:
        return Provider.objects.none()
    return Provider.objects.filter(region__code__startswith=jurisdiction.region_prefix)


def gi_products_public(*, user: Any) -> QuerySet[GIProduct]:
    if not can_read_public(user):
        return GIProduct.objects.none()
    return (
        GIProduct.objects.filter(archived_at__isnull=True)
        .select_related("standard")
        .prefetch_related("protected_regions")
    )


def regional_brands_public(*, user: Any) -> QuerySet[Brand]:
    if not can_read_public(user):
        return Brand.objects.none()
    return Brand.objects.filter(archived_at__isnull=True, level=Brand.Level.REGIONAL)


def innovation_bases_public(*, user: Any) -> QuerySet[InnovationBase]:
    if not can_read_public(user):
        return InnovationBase.objects.none()
    return InnovationBase.objects.filter(archived_at__isnull=True).select_related(
        "region", "industry", "host"
    )


def routings_visible(*, user: Any) -> QuerySet[Routing]:
    """Routings of the needs the user may see (a need's subject is an enterprise, chain or
    town; the casework selector decides)."""
    from qstrong.casework.selectors import needs_visible

    needs = needs_visible(user=user).values("pk")
    return Routing.objects.filter(need__in=needs).select_related("provider", "need")


def providers_per_county(user: Any) -> Counter[str]:
    """Providers located in each county (the county map's metric); public to every reader."""
    return Counter(providers_public(user=user).values_list("region_id", flat=True))


# ------------------------------------------------------------------ providers nearby


def _industry_match(code: str) -> Q:
    """Catalogue lines for an industry: the line's code covers it (C14 ⊇ C1462) or is finer."""
    prefixes = [code[:n] for n in range(1, len(code) + 1)]
    return Q(industry_id__in=prefixes) | Q(industry__code__startswith=code)


def providers_serving(
    *, user: Any, industry_code: str | None, region_code: str, limit: int = 8
) -> list[tuple[Provider, list[ProviderService]]]:
    """Providers whose catalogue serves the industry, nearest first: same county, same city,
    then the rest of the province. Without an industry, the subject's own city's providers."""
    lines = ProviderService.objects.filter(provider__in=providers_public(user=user))
    if industry_code:
        lines = lines.filter(_industry_match(industry_code))
    else:
        lines = lines.filter(provider__region__code__startswith=region_code[:4])
    lines = lines.select_related("provider", "provider__region", "industry").order_by("pk")
    grouped: dict[int, tuple[Provider, list[ProviderService]]] = {}
    for line in lines[:500]:
        grouped.setdefault(line.provider_id, (line.provider, []))[1].append(line)

    def distance(item: tuple[Provider, list[ProviderService]]) -> tuple[int, str]:
        region = item[0].region_id
        rank = 0 if region == region_code else 1 if region[:4] == region_code[:4] else 2
        return rank, item[0].name

    return sorted(grouped.values(), key=distance)[:limit]


# ------------------------------------------------------------------ per subject


@dataclass
class EnterpriseSummary:
    """What the registers hold for one enterprise, as of a day."""

    enterprise: Enterprise
    as_of: dt.date
    certificates: list[Certificate]
    instruments: list[Instrument]
    participations: list[StandardParticipation]
    trademarks: list[Trademark]
    patents: list[Patent]
    gi_authorisations: list[GIAuthorisation]
    brands: list[Brand]
    providers: list[tuple[Provider, list[ProviderService]]] = field(default_factory=list)

    @property
    def standards_led_recorded(self) -> int:
        """Recorded standards the enterprise led or co-drafted (RULES.md's standards_led)."""
        return sum(1 for p in self.participations if p.standard.status != Standard.Status.WITHDRAWN)

    @property
    def standards_led_differs(self) -> bool:
        """The typed figure and the recorded lead standards disagree (flagged to officers)."""
        typed = self.enterprise.standards_led
        return (
            bool(self.participations)
            and typed is not None
            and (typed != self.standards_led_recorded)
        )

    @property
    def valid_invention_patents(self) -> int:
        """Granted invention patents in force on the day, counted as eligibility counts them."""
        return sum(
            1
            for p in self.patents
            if p.kind == Patent.Kind.INVENTION
            and p.status == Patent.Status.GRANTED
            and (p.granted_on is None or p.granted_on <= self.as_of)
        )

    @property
    def patents_from_records(self) -> bool:
        """Eligibility counts the enterprise's patents from records once it has any."""
        return bool(self.patents)

    @property
    def patents_counted(self) -> int | None:
        """The `patents` figure policies match on: from records, else as typed."""
        if self.patents_from_records:
            return self.valid_invention_patents
        return self.enterprise.patents

    @property
    def patents_differ(self) -> bool:
        typed = self.enterprise.patents
        return self.patents_from_records and typed is not None and typed != self.patents_counted

    def certificate_rows(self) -> list[tuple[Certificate, str, int]]:
        """(certificate, status on the day, days to expiry)."""
        return [
            (c, c.status_on(self.as_of), (c.expires_on - self.as_of).days)
            for c in self.certificates
        ]

    def instruments_overdue(self) -> list[Instrument]:
        return [i for i in self.instruments if i.next_due_on < self.as_of]

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.certificates,
                self.instruments,
                self.participations,
                self.trademarks,
                self.patents,
                self.gi_authorisations,
                self.brands,
            )
        )


def enterprise_summary(
    *, user: Any, enterprise: Enterprise, as_of: dt.date, with_providers: bool = True
) -> EnterpriseSummary:
    """Everything recorded for an enterprise the user may see (the caller checked that)."""
    one = {"enterprise": enterprise}
    return EnterpriseSummary(
        enterprise=enterprise,
        as_of=as_of,
        certificates=list(
            certificates_visible(user=user).filter(**one).order_by("expires_on", "scheme")
        ),
        instruments=list(instruments_visible(user=user).filter(**one)),
        participations=list(
            participations_visible(user=user).filter(**one).order_by("standard__level")
        ),
        trademarks=list(trademarks_visible(user=user).filter(**one)),
        patents=list(patents_visible(user=user).filter(**one)),
        gi_authorisations=list(gi_authorisations_visible(user=user).filter(**one)),
        brands=list(enterprise_brands_visible(user=user).filter(**one)),
        providers=(
            providers_serving(
                user=user, industry_code=enterprise.industry_id, region_code=enterprise.region_id
            )
            if with_providers
            else []
        ),
    )


@dataclass
class GroupSummary:
    """A chain's or town's members as the registers see them."""

    members: int
    certified: int  # members with at least one certificate valid on the day
    certificates_expiring: int
    instruments_overdue: int
    standards: list[tuple[Standard, int]]  # standards members took part in, with member count
    patents: int
    high_value_patents: int
    gi_products: list[GIProduct]
    brands: list[Brand]
    providers: list[tuple[Provider, list[ProviderService]]]


def _group_summary(
    *,
    user: Any,
    members: QuerySet[Enterprise],
    as_of: dt.date,
    industry_code: str | None,
    region_code: str,
    gi_region_prefixes: list[str],
) -> GroupSummary:
    member_ids = members.values("pk")
    certificates = certificates_visible(user=user).filter(enterprise__in=member_ids)
    standards = (
        Standard.objects.filter(
            archived_at__isnull=True,
            participations__in=participations_visible(user=user).filter(enterprise__in=member_ids),
        )
        .annotate(members=Count("participations", distinct=True))
        .order_by("level", "number")
    )
    patents = patents_visible(user=user).filter(
        enterprise__in=member_ids, kind=Patent.Kind.INVENTION, status=Patent.Status.GRANTED
    )
    gi_products = (
        list(
            gi_products_public(user=user)
            .filter(protected_regions__code__in=gi_region_prefixes)
            .distinct()
        )
        if gi_region_prefixes
        else []
    )
    return GroupSummary(
        members=members.count(),
        certified=certificates.filter(valid_certificate_q(as_of))
        .values("enterprise_id")
        .distinct()
        .count(),
        certificates_expiring=certificates.filter(
            status=CertificateStatus.VALID,
            expires_on__gte=as_of,
            expires_on__lte=as_of + dt.timedelta(days=EXPIRY_WINDOW_DAYS),
        ).count(),
        instruments_overdue=instruments_visible(user=user)
        .filter(enterprise__in=member_ids, next_due_on__lt=as_of)
        .count(),
        standards=[(s, s.members) for s in standards[:20]],
        patents=patents.count(),
        high_value_patents=patents.filter(high_value=True).count(),
        gi_products=gi_products,
        brands=list(
            enterprise_brands_visible(user=user)
            .filter(enterprise__in=member_ids)
            .order_by("level", "name")[:20]
        ),
        providers=providers_serving(
            user=user, industry_code=industry_code, region_code=region_code
        ),
    )


def chain_summary(*, user: Any, chain: Chain, as_of: dt.date) -> GroupSummary:
    from qstrong.registry.selectors import enterprises_visible

    members = enterprises_visible(user=user).filter(chain_memberships__chain=chain)
    leader = members.filter(industry__isnull=False).order_by("chain_memberships__role").first()
    return _group_summary(
        user=user,
        members=members,
        as_of=as_of,
        industry_code=leader.industry_id if leader else None,
        region_code=leader.region_id if leader else "140000",
        gi_region_prefixes=[],
    )


def town_summary(*, user: Any, town: Town, as_of: dt.date) -> GroupSummary:
    from qstrong.registry.selectors import enterprises_visible

    members = enterprises_visible(user=user).filter(town_memberships__town=town)
    return _group_summary(
        user=user,
        members=members,
        as_of=as_of,
        industry_code=town.industry_id,
        region_code=town.county_id,
        # GI products protected in the town's county, its city or the whole province
        gi_region_prefixes=[
            town.county_id,
            f"{town.county_id[:4]}00",
            f"{town.county_id[:2]}0000",
        ],
    )


# ------------------------------------------------------------------ what a user may change


def _writer(user: Any) -> Jurisdiction | None:
    """The jurisdiction of a user who records register entries (officers, administrators)."""
    from qstrong.nqi.permissions import can_record

    return jurisdiction_of(user) if can_record(user) else None


def enterprise_records_editable(*, user: Any, model: type[M]) -> QuerySet[M]:
    """Records about an enterprise the user may change: enterprises of the jurisdiction."""
    jurisdiction = _writer(user)
    qs = model._default_manager.all()
    if jurisdiction is None:
        return qs.none()
    if hasattr(model, "archived_at"):
        qs = qs.filter(archived_at__isnull=True)
    return scope_by_enterprise(qs, jurisdiction).select_related("enterprise")


def _outside(prefix: str) -> Q:
    return ~Q(code__startswith=prefix)


def standards_editable(*, user: Any) -> QuerySet[Standard]:
    """A standard is changed by officers whose jurisdiction holds every enterprise that took
    part in it (a standard nobody is recorded on yet: any officer)."""
    jurisdiction = _writer(user)
    qs = Standard.objects.filter(archived_at__isnull=True)
    if jurisdiction is None or jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.region_prefix == "":
        return qs
    outside = StandardParticipation.objects.exclude(
        enterprise__region__code__startswith=jurisdiction.region_prefix
    )
    return qs.exclude(participations__in=outside)


def gi_products_editable(*, user: Any) -> QuerySet[GIProduct]:
    """A GI product is changed by officers whose jurisdiction covers its whole protected area."""
    jurisdiction = _writer(user)
    qs = GIProduct.objects.filter(archived_at__isnull=True)
    if jurisdiction is None or jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.region_prefix == "":
        return qs
    from qstrong.registry.models import Region

    outside = Region.objects.filter(_outside(jurisdiction.region_prefix))
    return qs.exclude(protected_regions__in=outside)


def _in_region(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    jurisdiction = _writer(user)
    if jurisdiction is None or jurisdiction.region_prefix is None:
        return qs.none()
    return qs.filter(region__code__startswith=jurisdiction.region_prefix)


def regional_brands_editable(*, user: Any) -> QuerySet[Brand]:
    qs = Brand.objects.filter(archived_at__isnull=True, enterprise__isnull=True)
    return _in_region(qs, user)


def innovation_bases_editable(*, user: Any) -> QuerySet[InnovationBase]:
    return _in_region(InnovationBase.objects.filter(archived_at__isnull=True), user)


def services_editable(*, user: Any) -> QuerySet[ProviderService]:
    """Catalogue lines of the providers the user may change."""
    return ProviderService.objects.filter(
        provider__in=providers_editable(user=user).filter(archived_at__isnull=True)
    ).select_related("provider", "industry")


def regions_writable(*, user: Any) -> QuerySet[Any]:
    """Regions the user may place a record in (a provider, a regional brand, a campaign)."""
    from qstrong.registry.models import Region

    jurisdiction = _writer(user)
    if jurisdiction is None or jurisdiction.region_prefix is None:
        return Region.objects.none()
    return Region.objects.filter(code__startswith=jurisdiction.region_prefix).order_by("code")
