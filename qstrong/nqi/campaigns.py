"""Reads of the metrology campaigns (计量惠企: free verification or calibration for a town or a
chain): who sees them, who changes them, and their progress counted from verification records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.nqi.models import Instrument, InstrumentVerification, MetrologyCampaign
from qstrong.nqi.selectors import instruments_visible, regions_writable
from qstrong.registry.models import ChainMember, TownMember


def area_prefix(code: str) -> str:
    """The region prefix an area code stands for: 140000 → 14, 140100 → 1401, 140121 → 140121."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def campaigns_visible(*, user: Any) -> QuerySet[MetrologyCampaign]:
    """Bureau users see a campaign organised in their area or in an area covering theirs
    (a provincial campaign is seen by every county); enterprise users have none here."""
    jurisdiction = jurisdiction_of(user)
    base = MetrologyCampaign.objects.filter(archived_at__isnull=True)
    qs = base.select_related("region", "town", "chain")
    prefix = jurisdiction.region_prefix
    if prefix is None or jurisdiction.enterprise_id is not None:
        return qs.none()
    if prefix == "":
        return qs
    covering = [
        pk
        for pk, region in base.values_list("pk", "region_id")
        if prefix.startswith(area_prefix(region))
    ]
    return qs.filter(Q(region__code__startswith=prefix) | Q(pk__in=covering))


def campaigns_editable(*, user: Any) -> QuerySet[MetrologyCampaign]:
    """Officers change the campaigns organised inside their jurisdiction."""
    return campaigns_visible(user=user).filter(region__in=regions_writable(user=user))


def campaign_members(*, user: Any, campaign: MetrologyCampaign) -> QuerySet[Any]:
    """The campaign's enterprises the user may see: the town's or the chain's members."""
    from qstrong.registry.selectors import enterprises_visible

    members = enterprises_visible(user=user)
    if campaign.town_id is not None:
        return members.filter(town_memberships__town_id=campaign.town_id).distinct()
    return members.filter(chain_memberships__chain=campaign.chain).distinct()


@dataclass(frozen=True)
class CampaignProgress:
    enterprises: int  # member enterprises (visible to the reader)
    enterprises_served: int  # members with an instrument verified under the campaign
    instruments: int  # the members' instruments on record
    verified: int  # of those, verified under the campaign
    failed: int  # verified under the campaign with the result 不合格

    @property
    def percent(self) -> int:
        return round(100 * self.verified / self.instruments) if self.instruments else 0


def campaign_progress(*, user: Any, campaign: MetrologyCampaign) -> CampaignProgress:
    """Progress from the records, never typed in: instruments verified under the campaign."""
    members = campaign_members(user=user, campaign=campaign)
    instruments = instruments_visible(user=user).filter(enterprise__in=members.values("pk"))
    done = InstrumentVerification.objects.filter(
        campaign=campaign, instrument__in=instruments.values("pk")
    )
    return CampaignProgress(
        enterprises=members.values("pk").count(),  # DISTINCT over ids, not whole rows
        enterprises_served=done.values("instrument__enterprise_id").distinct().count(),
        instruments=instruments.count(),
        verified=done.values("instrument_id").distinct().count(),
        failed=done.filter(result=InstrumentVerification.Result.FAILED)
        .values("instrument_id")
        .distinct()
        .count(),
    )


def campaigns_progress(
    *, user: Any, campaigns: Iterable[MetrologyCampaign]
) -> dict[int, CampaignProgress]:
    """{campaign pk: its progress} for a list of campaigns in five queries, whatever their number:
    members and instruments counted per town and per chain, verifications per campaign. The same
    figures as `campaign_progress` for each (tested)."""
    from qstrong.registry.selectors import members_visible

    found = list(campaigns)
    # Joins to each row's enterprise, never `enterprise_id IN (every current enterprise)`: for
    # the province that semi-join read the whole registry (31 ms at 220,000 enterprises).
    instruments = instruments_visible(user=user).filter(enterprise__archived_at__isnull=True)
    # {("town" | "chain", id): (member enterprises, their instruments)}
    subjects: dict[tuple[str, int], tuple[int, int]] = {}
    for kind, model in (("town", TownMember), ("chain", ChainMember)):
        ids = {getattr(c, f"{kind}_id") for c in found} - {None}
        if not ids:
            continue
        members = members_visible(model.objects.filter(**{f"{kind}_id__in": ids}), user=user)
        member_counts = dict(
            members.values_list(f"{kind}_id").annotate(n=Count("enterprise_id", distinct=True))
        )
        through = f"enterprise__{kind}_memberships__{kind}_id"
        instrument_counts = dict(
            instruments.filter(**{f"{through}__in": ids})
            .values_list(through)
            .annotate(n=Count("pk", distinct=True))
        )
        for pk in ids:
            subjects[kind, pk] = (member_counts.get(pk, 0), instrument_counts.get(pk, 0))
    of_member = Exists(
        TownMember.objects.filter(
            town_id=OuterRef("campaign__town_id"),
            enterprise_id=OuterRef("instrument__enterprise_id"),
        )
    ) | Exists(
        ChainMember.objects.filter(
            chain_id=OuterRef("campaign__chain_id"),
            enterprise_id=OuterRef("instrument__enterprise_id"),
        )
    )
    failed = Q(result=InstrumentVerification.Result.FAILED)
    done = {
        row["campaign_id"]: row
        for row in InstrumentVerification.objects.filter(
            of_member,
            campaign_id__in=[c.pk for c in found],
            instrument__in=instruments.values("pk"),
        )
        .values("campaign_id")
        .annotate(
            served=Count("instrument__enterprise_id", distinct=True),
            verified=Count("instrument_id", distinct=True),
            failed=Count("instrument_id", distinct=True, filter=failed),
        )
    }
    progress = {}
    for c in found:
        key = ("town", c.town_id) if c.town_id is not None else ("chain", c.chain_id)
        enterprises, owned = subjects.get(key, (0, 0))  # type: ignore[arg-type]
        row: dict[str, Any] = dict(done.get(c.pk, {}))
        progress[c.pk] = CampaignProgress(
            enterprises=enterprises,
            enterprises_served=row.get("served", 0),
            instruments=owned,
            verified=row.get("verified", 0),
            failed=row.get("failed", 0),
        )
    return progress


def campaign_verifications(
    *, user: Any, campaign: MetrologyCampaign
) -> QuerySet[InstrumentVerification]:
    members = campaign_members(user=user, campaign=campaign)
    instruments = Instrument.objects.filter(enterprise__in=members.values("pk"))
    return (
        InstrumentVerification.objects.filter(campaign=campaign, instrument__in=instruments)
        .select_related("instrument", "instrument__enterprise", "actor")
        .order_by("-verified_on", "-pk")
    )
