"""Synthetic enterprise files in the import format (IMPORT.md): realistic, deterministic, marked.

Every row carries the tag `synthetic`, which the importer keeps as written; the demo loader then
sets `source="synthetic"` on those enterprises. Names look like real Shanxi company names but are
generated; contact phones use a local number starting with 0, which is never assigned, so no real
line is ever dialled from demo data.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from qstrong.registry.demo.article import ARTICLE_CHAINS, ARTICLE_TOWNS
from qstrong.registry.demo.article_enterprises import ARTICLE_ENTERPRISES
from qstrong.registry.demo.codes import USCC_ALPHABET, uscc_compose
from qstrong.registry.demo.synthetic_profiles import (
    BRAND_FIRST,
    BRAND_SECOND,
    CHAIN_CITIES,
    CITY_AREA_CODES,
    CITY_WEIGHTS,
    GIVEN_NAME_CHARS,
    INDUSTRY_PROFILES,
    SURNAMES,
    TOWN_INDUSTRIES,
    TOWN_WEIGHTS,
    IndustryProfile,
)
from qstrong.registry.reference import REGIONS_CSV, read_reference_csv

SYNTHETIC_TAG = "synthetic"

# The IMPORT.md columns, in its order, with their Chinese headers.
HEADERS: tuple[tuple[str, str], ...] = (
    ("uscc", "统一社会信用代码"),
    ("name", "企业名称"),
    ("region", "行政区划代码"),
    ("industry", "行业代码"),
    ("established", "成立日期"),
    ("employees", "从业人员"),
    ("revenue", "营业收入（万元）"),
    ("registered_capital", "注册资本（万元）"),
    ("scale", "企业规模"),
    ("certifications", "认证"),
    ("tags", "标签"),
    ("chains", "产业链"),
    ("towns", "专业镇"),
    ("standards_led", "主导制定标准数"),
    ("patents", "有效发明专利数"),
    ("credit_rating", "信用等级"),
    ("contact_name", "联系人"),
    ("contact_phone", "联系电话"),
)

TOWN_SHARE = 0.10  # members of an article town, in that town's county and industry
CHAIN_SHARE = 0.15  # members of one of the article's eight chains
# Fixed so that a seed gives the same file on any day.
AS_OF = dt.date(2024, 6, 30)
# Codes issued from October 2015 carry an "MA…" organisation body; older firms kept theirs.
USCC_REFORM = dt.date(2015, 10, 1)


@dataclass(frozen=True)
class County:
    code: str
    name: str
    city: str  # city code, e.g. 140100
    city_name: str


def shanxi_counties() -> list[County]:
    """Every county-level unit of Shanxi in the shipped GB/T 2260 table."""
    rows = read_reference_csv(REGIONS_CSV)
    cities = {row.code: row.name for row in rows if row.level == "city" and row.code[:2] == "14"}
    return [
        County(row.code, row.name, row.parent, cities[row.parent])
        for row in rows
        if row.level == "county" and row.parent in cities
    ]


def _county_weight(county: County) -> float:
    # Districts hold more firms than rural counties; county-level cities sit between.
    if county.name.endswith("区"):
        return 2.5
    if county.name.endswith("市"):
        return 1.6
    return 1.0


def _short_place(name: str) -> str:
    """清徐县 → 清徐, 太原市 → 太原; one-character names (代县, 祁县) keep their suffix."""
    for suffix in ("市", "区", "县"):
        if name.endswith(suffix) and len(name) > 2:
            return name[: -len(suffix)]
    return name


class SyntheticGenerator:
    """Draws synthetic enterprises one by one from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counties = shanxi_counties()
        self.by_code = {county.code: county for county in self.counties}
        self.county_weights = [
            CITY_WEIGHTS[county.city] * _county_weight(county) for county in self.counties
        ]
        self.profiles = {profile.code: profile for profile in INDUSTRY_PROFILES}
        self.chains = [chain.code for chain in ARTICLE_CHAINS]
        self.towns = {town.code: town for town in ARTICLE_TOWNS}
        self.usccs: set[str] = {enterprise.uscc for enterprise in ARTICLE_ENTERPRISES}
        self.names: set[str] = {enterprise.name for enterprise in ARTICLE_ENTERPRISES}
        # Cumulative weights and pools drawn from once per row, computed once (random.choices
        # with cum_weights draws exactly what it draws with the weights).
        self.county_cum = list(accumulate(self.county_weights))
        self.town_codes = list(TOWN_WEIGHTS)
        self.town_cum = list(accumulate(TOWN_WEIGHTS.values()))
        self.chain_profiles = {
            chain: tuple(p.code for p in INDUSTRY_PROFILES if chain in p.chains)
            for chain in self.chains
        }
        self.second_without = {
            first: [c for c in BRAND_SECOND if c != first] for first in BRAND_FIRST
        }
        self._city_pools: dict[tuple[str, ...], tuple[list[County], list[float]]] = {}
        self._profile_pools: dict[
            tuple[str, ...] | None, tuple[list[IndustryProfile], list[float]]
        ] = {}

    # -- where, what ---------------------------------------------------------------------------
    def county(self, cities: tuple[str, ...] = ()) -> County:
        if cities and self.rng.random() < 0.6:
            if cities not in self._city_pools:
                pool = [c for c in self.counties if c.city in cities]
                self._city_pools[cities] = (pool, list(accumulate(map(_county_weight, pool))))
            pool, cum = self._city_pools[cities]
            return self.rng.choices(pool, cum_weights=cum)[0]
        return self.rng.choices(self.counties, cum_weights=self.county_cum)[0]

    def profile(self, codes: tuple[str, ...] | None = None) -> IndustryProfile:
        key = codes or None
        if key not in self._profile_pools:
            pool = [self.profiles[c] for c in codes] if codes else list(INDUSTRY_PROFILES)
            self._profile_pools[key] = (pool, list(accumulate(p.weight for p in pool)))
        pool, cum = self._profile_pools[key]
        return self.rng.choices(pool, cum_weights=cum)[0]

    def placement(self) -> tuple[County, IndustryProfile, str, str]:
        """County, industry, chain membership ("code:role" or "") and town code (or "")."""
        draw = self.rng.random()
        if draw < TOWN_SHARE:
            town_code = self.rng.choices(self.town_codes, cum_weights=self.town_cum)[0]
            town = self.towns[town_code]
            profile = self.profile(TOWN_INDUSTRIES[town_code])
            return self.by_code[town.county], profile, "", town_code
        if draw < TOWN_SHARE + CHAIN_SHARE:
            chain = self.rng.choice(self.chains)
            profile = self.profile(self.chain_profiles[chain])
            role = "骨干" if self.rng.random() < 0.25 else "配套"
            return self.county(CHAIN_CITIES.get(chain, ())), profile, f"{chain}:{role}", ""
        return self.county(), self.profile(), "", ""

    # -- identity ------------------------------------------------------------------------------
    def established(self) -> dt.date:
        # More young firms than old ones, as in any register; none before 1978.
        years = min(self.rng.expovariate(1 / 11), AS_OF.year - 1978)
        return AS_OF - dt.timedelta(days=int(years * 365.25))

    def uscc(self, county: County, established: dt.date) -> str:
        while True:
            if established >= USCC_REFORM:
                tail = "".join(self.rng.choice(USCC_ALPHABET) for _ in range(6))
                body = f"MA{tail}"
            else:
                body = f"{self.rng.randint(10_000_000, 99_999_999)}"
            code = uscc_compose(region=county.code, organisation_body=body)
            if code not in self.usccs:
                self.usccs.add(code)
                return code

    def name(self, county: County, profile: IndustryProfile, employees: int | None) -> str:
        for attempt in range(200):
            draw = self.rng.random()
            if draw < 0.55:
                place = _short_place(county.name)
                if place in {"城", "矿", "郊", "城区", "矿区", "郊区"}:
                    place = _short_place(county.city_name)
            elif draw < 0.80:
                place = _short_place(county.city_name)
            else:
                place = "山西"
            first = self.rng.choice(BRAND_FIRST)
            second = self.rng.choice(self.second_without[first])
            word = self.rng.choice(profile.words)
            big = employees is not None and employees >= 1000
            if big and self.rng.random() < 0.6:
                suffix = self.rng.choice(("股份有限公司", "集团有限公司"))
            else:
                suffix = "有限责任公司" if self.rng.random() < 0.15 else "有限公司"
            if attempt >= 40:
                # A large registry exhausts the two-character brands of a busy county and trade:
                # real registers then show three-character ones.
                second += self.rng.choice(self.second_without[first])
            name = f"{place}{first}{second}{word}{suffix}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("could not draw a unique name")  # pragma: no cover

    # -- size and money ------------------------------------------------------------------------
    def employees(self, profile: IndustryProfile) -> int | None:
        if self.rng.random() < 0.04:
            return None
        value = self.rng.lognormvariate(math.log(28 * profile.size_factor), 1.25)
        return max(1, min(40_000, round(value)))

    def revenue(self, profile: IndustryProfile, employees: int | None) -> float | None:
        if employees is None or self.rng.random() < 0.08:
            return None
        per_person = profile.revenue_per_employee * self.rng.lognormvariate(0, 0.45)
        return round(employees * per_person, 2)

    def registered_capital(self, revenue: float | None, employees: int | None) -> int | None:
        if self.rng.random() < 0.05:
            return None
        basis = revenue if revenue is not None else (employees or 5) * 40
        value = max(10.0, basis * self.rng.lognormvariate(math.log(0.3), 0.8))
        step = 10 if value < 200 else 50 if value < 2000 else 500 if value < 20_000 else 5000
        return max(step, int(round(value / step) * step))

    # -- qualities -----------------------------------------------------------------------------
    def certifications(self, profile: IndustryProfile, employees: int | None) -> str:
        people = employees or 0
        base = 0.12 if people < 20 else 0.35 if people < 100 else 0.6 if people < 300 else 0.85
        certs = []
        if self.rng.random() < base:
            certs.append("ISO9001")
            if self.rng.random() < 0.5:
                certs.append("ISO14001")
            if self.rng.random() < 0.4:
                certs.append("ISO45001")
            if profile.code == "C3670" and self.rng.random() < 0.6:
                certs.append("IATF16949")
        if profile.food and self.rng.random() < base * 0.4:
            certs.append(self.rng.choice(("ISO22000", "HACCP")))
        if certs:
            return ";".join(certs)
        # Half of those without a certificate are recorded as having none, half not recorded.
        return "无" if self.rng.random() < 0.5 else ""

    def tags(self, profile: IndustryProfile, employees: int | None, established: dt.date) -> str:
        people = employees or 0
        tags = [SYNTHETIC_TAG]
        size_boost = 1.0 + min(2.0, math.log10(people + 1) / 2)
        if self.rng.random() < 0.04 * profile.tech * size_boost:
            tags.append("high_tech")
        if people < 1000 and self.rng.random() < 0.03 * profile.tech:
            tags.append("specialised_sme")
            if self.rng.random() < 0.15:
                tags.append("little_giant")
        if self.rng.random() < 0.004 * size_boost:
            tags.append("shanxi_premium")
        if profile.food and established.year < 2000 and self.rng.random() < 0.12:
            tags.append("time_honoured")
        return ";".join(tags)

    def standards_led(self, profile: IndustryProfile, employees: int | None) -> int | None:
        if self.rng.random() < 0.12:
            return None
        people = employees or 0
        if people < 100 and self.rng.random() < 0.9:
            return 0
        return min(30, int(self.rng.expovariate(1 / (0.6 * profile.tech + people / 800))))

    def patents(self, profile: IndustryProfile, employees: int | None) -> int | None:
        if self.rng.random() < 0.10:
            return None
        people = employees or 0
        mean = 0.4 * profile.tech * (1 + people / 100)
        return min(500, int(self.rng.expovariate(1 / mean))) if mean > 0 else 0

    def credit(self) -> str:
        return self.rng.choices(("A", "B", "C", "D", ""), (55, 30, 10, 3, 2))[0]

    def contact(self, county: County) -> tuple[str, str]:
        surname = self.rng.choice(SURNAMES)
        given = "".join(self.rng.choice(GIVEN_NAME_CHARS) for _ in range(self.rng.choice((1, 2))))
        area = CITY_AREA_CODES[county.city]
        digits = 8 if county.city == "140100" else 7
        local = "0" + "".join(str(self.rng.randint(0, 9)) for _ in range(digits - 1))
        return surname + given, f"{area}-{local}"

    # -- one row -------------------------------------------------------------------------------
    def row(self) -> dict[str, Any]:
        county, profile, chain, town = self.placement()
        established = self.established()
        employees = self.employees(profile)
        revenue = self.revenue(profile, employees)
        contact_name, contact_phone = self.contact(county)
        return {
            "uscc": self.uscc(county, established),
            "name": self.name(county, profile, employees),
            "region": county.code,
            "industry": profile.code,
            "established": established,
            "employees": employees,
            "revenue": revenue,
            "registered_capital": self.registered_capital(revenue, employees),
            "scale": None,  # derived by the importer from industry, employees and revenue
            "certifications": self.certifications(profile, employees),
            "tags": self.tags(profile, employees, established),
            "chains": chain,
            "towns": town,
            "standards_led": self.standards_led(profile, employees),
            "patents": self.patents(profile, employees),
            "credit_rating": self.credit(),
            "contact_name": contact_name,
            "contact_phone": contact_phone,
        }


def synthetic_rows(*, count: int, seed: int = 2024) -> Iterator[dict[str, Any]]:
    """`count` synthetic enterprises keyed by IMPORT.md column keys; the same for the same seed."""
    generator = SyntheticGenerator(seed)
    for _ in range(count):
        yield generator.row()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def write_synthetic_file(*, path: Path, count: int, seed: int = 2024) -> int:
    """Write an enterprise import file (.csv UTF-8 with BOM, or .xlsx); returns the rows written."""
    if count < 0:
        raise ValueError("count must be ≥ 0")
    path = Path(path)
    rows = synthetic_rows(count=count, seed=seed)
    headers = [label for _, label in HEADERS]
    keys = [key for key, _ in HEADERS]
    written = 0
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("企业")
        sheet.append(headers)
        for row in rows:
            sheet.append([None if row[k] in ("", None) else row[k] for k in keys])
            written += 1
        workbook.save(path)
        return written
    if path.suffix.lower() != ".csv":
        raise ValueError("the file name must end in .csv or .xlsx")
    # The BOM lets Excel on a Chinese Windows open the file as UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_cell(row[k]) for k in keys])
            written += 1
    return written
