"""What an indicator is about: resolving a subject kind and code to the registry record and name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from qstrong.insights.figures import Subject
from qstrong.insights.models import SubjectKind
from qstrong.registry.models import Chain, Enterprise, Region, Town

PROVINCE_CODE = "140000"

REGION_LEVEL: dict[str, str] = {
    SubjectKind.PROVINCE: Region.Level.PROVINCE,
    SubjectKind.CITY: Region.Level.CITY,
    SubjectKind.COUNTY: Region.Level.COUNTY,
}


class SubjectError(ValueError):
    """The subject does not exist; the message says which and why, in the user's language."""


@dataclass(frozen=True)
class Resolved:
    kind: str
    code: str
    name: str
    region: Region | None = None
    chain: Chain | None = None
    town: Town | None = None
    enterprise: Enterprise | None = None

    @property
    def subject(self) -> Subject:
        return Subject(self.kind, self.code, self.name)

    @property
    def region_code(self) -> str:
        """Where the subject sits, for jurisdiction checks ('' = the whole province)."""
        if self.enterprise is not None:
            return self.enterprise.region_id
        if self.town is not None:
            return self.town.county_id
        if self.region is not None and self.kind != SubjectKind.PROVINCE:
            return self.region.code
        return ""

    def foreign_keys(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "chain": self.chain,
            "town": self.town,
            "enterprise": self.enterprise,
        }


def subject_resolve(*, kind: str, code: str) -> Resolved:
    """A kind and a code (region code, chain/town code or name, USCC) → the registry record."""
    code = (code or "").strip()
    if kind not in SubjectKind.values:
        raise SubjectError(_("未知的对象类别“%(kind)s”") % {"kind": kind})
    if kind in REGION_LEVEL:
        if kind == SubjectKind.PROVINCE and code in {"", "14", "山西", "山西省"}:
            code = PROVINCE_CODE
        region = Region.objects.filter(code=code, level=REGION_LEVEL[kind]).first()
        if region is None:
            region = Region.objects.filter(name=code, level=REGION_LEVEL[kind]).first()
        if region is None or not region.code.startswith("14"):
            raise SubjectError(_("山西省没有代码或名称为“%(code)s”的该级行政区划") % {"code": code})
        return Resolved(kind, region.code, region.name, region=region)
    if kind == SubjectKind.CHAIN:
        chain = Chain.objects.filter(code=code).first() or Chain.objects.filter(name=code).first()
        if chain is None:
            raise SubjectError(_("未知的产业链“%(code)s”") % {"code": code})
        return Resolved(kind, chain.code, chain.name, chain=chain)
    if kind == SubjectKind.TOWN:
        town = Town.objects.filter(code=code).first() or Town.objects.filter(name=code).first()
        if town is None:
            raise SubjectError(_("未知的专业镇“%(code)s”") % {"code": code})
        return Resolved(kind, town.code, town.name, town=town)
    enterprise = Enterprise.objects.filter(uscc=code.upper()).first()
    if enterprise is None:
        raise SubjectError(_("系统中没有统一社会信用代码为“%(code)s”的企业") % {"code": code})
    return Resolved(kind, enterprise.uscc, enterprise.name, enterprise=enterprise)


def subject_names(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(kind, code) → display name, in a handful of queries."""
    wanted: dict[str, set[str]] = {}
    for kind, code in pairs:
        wanted.setdefault(kind, set()).add(code)
    names: dict[tuple[str, str], str] = {}
    region_codes = set().union(*(wanted.get(k, set()) for k in REGION_LEVEL))
    regions = dict(Region.objects.filter(code__in=region_codes).values_list("code", "name"))
    for kind in REGION_LEVEL:
        for code in wanted.get(kind, ()):
            names[(kind, code)] = regions.get(code, code)
    tables: list[tuple[str, Any, str]] = [
        (SubjectKind.CHAIN, Chain, "code"),
        (SubjectKind.TOWN, Town, "code"),
        (SubjectKind.ENTERPRISE, Enterprise, "uscc"),
    ]
    for kind, model, key in tables:
        codes = wanted.get(kind)
        if codes:
            found = dict(model.objects.filter(**{f"{key}__in": codes}).values_list(key, "name"))
            for code in codes:
                names[(kind, code)] = found.get(code, code)
    return names
