"""The demo's figures: the article's totals, split over the chains and towns illustratively.

The article gives group totals and growth rates, not the members' figures. Each group's members
get illustrative values (marked 演示示意) chosen so that the group's total and its growth come
out exactly as the article prints them; the last member takes the remainder, so the totals are
exact by construction. The prior-year totals are the ones the article's growth implies:
3291.8 ÷ 1.095 = 3006.21 and 506.9 ÷ 1.079 = 469.79 (亿元, rounded to the cent of 亿元);
251.56 ÷ 34.4% = 731.28 for the ten key towns' 2023 output.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qstrong.insights.periods import Period
from qstrong.registry.demo.article import DEMO_CHAINS, DEMO_TOWNS

H1_2024 = Period(2024, 1, 6)
H1_2023 = Period(2023, 1, 6)
H1_2022 = Period(2022, 1, 6)
YEAR_2023 = Period(2023)

CHAINS_REVENUE_H1_2024 = Decimal("3291.80")  # 报道：16条重点产业链累计营收3291.8亿元
CHAINS_REVENUE_H1_2023 = Decimal("3006.21")  # 3291.8 ÷ (1 + 9.5%)，报道的同比增长所隐含
TOWNS_REVENUE_H1_2024 = Decimal("506.90")  # 报道：18家省级重点专业镇实现营收506.9亿元
TOWNS_REVENUE_H1_2023 = Decimal("469.79")  # 506.9 ÷ (1 + 7.9%)
TEN_TOWNS_OUTPUT_2023 = Decimal("731.28")  # 251.56 ÷ 34.4%
FENJIU_OUTPUT_2023 = Decimal("251.56")  # 报道
FENJIU_OUTPUT_H1_2024 = Decimal("130.86")  # 报道

ARTICLE_SOURCE = "来源：中国质量报《强化质量支撑 建设质量强省》（2024）"
SPLIT_NOTE = "演示示意：按报道的合计数拆分到各成员，单项数值并非报道内容"
IMPLIED_NOTE = "演示示意：上年同期数由报道的同比增长率反推合计后拆分"
TREND_NOTE = "演示示意：更早年份的数据为演示用，非报道内容"

# The groups (data, not code): members are registry codes.
KEY_CHAINS = tuple(chain.code for chain in DEMO_CHAINS)
PROVINCIAL_TOWNS = tuple(town.code for town in DEMO_TOWNS)
# 报道只点名了杏花村汾酒与代州黄酒为十大重点专业镇；其余八个成员为演示假设（占位专业镇）。
TEN_KEY_TOWNS = (
    "xinghuacun_fenjiu",
    "daizhou_huangjiu",
    *(f"placeholder_town_{n:02d}" for n in range(7, 15)),
)


@dataclass(frozen=True)
class MemberFigure:
    code: str
    value: Decimal  # in 亿元
    unit: str = "亿元"  # a few are entered in 万元, as county reports often are

    def entered(self) -> Decimal:
        return self.value * 10_000 if self.unit == "万元" else self.value


def _split(codes: tuple[str, ...], given: dict[str, str], total: Decimal) -> list[MemberFigure]:
    """Members' illustrative values; the last code gets total − Σ the others (exact)."""
    values = {code: Decimal(text) for code, text in given.items()}
    last = codes[-1]
    values[last] = total - sum(values[c] for c in codes if c != last)
    if values[last] <= 0:
        raise ValueError(f"demo split leaves {values[last]} for {last}")
    in_wan = {"magnesium", "rail_transit", "jiezhou_pump"}
    return [MemberFigure(c, values[c], "万元" if c in in_wan else "亿元") for c in codes]


_CHAIN_2024 = {
    "modern_medicine": "142.80", "nev": "298.40", "high_end_equipment": "356.20",
    "rail_transit": "185.60", "hydrogen": "96.30", "prefab_building": "118.50",
    "aluminium": "612.35", "magnesium": "88.70", "placeholder_09": "245.60",
    "placeholder_10": "221.35", "placeholder_11": "198.40", "placeholder_12": "176.25",
    "placeholder_13": "162.80", "placeholder_14": "148.90", "placeholder_15": "131.45",
}  # fmt: skip
_CHAIN_2023 = {
    "modern_medicine": "133.60", "nev": "252.30", "high_end_equipment": "321.45",
    "rail_transit": "171.25", "hydrogen": "79.85", "prefab_building": "112.40",
    "aluminium": "566.10", "magnesium": "84.15", "placeholder_09": "226.40",
    "placeholder_10": "205.10", "placeholder_11": "182.75", "placeholder_12": "163.30",
    "placeholder_13": "150.20", "placeholder_14": "137.65", "placeholder_15": "121.90",
}  # fmt: skip
_TOWN_2024 = {
    "xinghuacun_fenjiu": "118.42", "qingxu_vinegar": "32.60", "daizhou_huangjiu": "9.85",
    "taigu_malleable_iron": "28.40", "yuci_textile_hydraulic": "41.30", "jiezhou_pump": "18.75",
    "placeholder_town_07": "24.10", "placeholder_town_08": "19.85", "placeholder_town_09": "22.40",
    "placeholder_town_10": "18.30", "placeholder_town_11": "26.75", "placeholder_town_12": "21.60",
    "placeholder_town_13": "17.95", "placeholder_town_14": "23.30", "placeholder_town_15": "20.45",
    "placeholder_town_16": "19.20", "placeholder_town_17": "22.85",
}  # fmt: skip
_TOWN_2023 = {
    "xinghuacun_fenjiu": "108.95", "qingxu_vinegar": "30.85", "daizhou_huangjiu": "9.02",
    "taigu_malleable_iron": "27.10", "yuci_textile_hydraulic": "38.20", "jiezhou_pump": "17.60",
    "placeholder_town_07": "22.30", "placeholder_town_08": "18.75", "placeholder_town_09": "20.90",
    "placeholder_town_10": "17.20", "placeholder_town_11": "24.60", "placeholder_town_12": "20.15",
    "placeholder_town_13": "16.80", "placeholder_town_14": "21.40", "placeholder_town_15": "19.10",
    "placeholder_town_16": "17.95", "placeholder_town_17": "19.80",
}  # fmt: skip
_TEN_TOWNS_2023 = {
    "xinghuacun_fenjiu": str(FENJIU_OUTPUT_2023), "daizhou_huangjiu": "18.60",
    "placeholder_town_07": "72.40", "placeholder_town_08": "64.85", "placeholder_town_09": "58.30",
    "placeholder_town_10": "55.10", "placeholder_town_11": "61.75", "placeholder_town_12": "49.20",
    "placeholder_town_13": "52.45",
}  # fmt: skip

CHAIN_REVENUE = {
    H1_2024: _split(KEY_CHAINS, _CHAIN_2024, CHAINS_REVENUE_H1_2024),
    H1_2023: _split(KEY_CHAINS, _CHAIN_2023, CHAINS_REVENUE_H1_2023),
}
TOWN_REVENUE = {
    H1_2024: _split(PROVINCIAL_TOWNS, _TOWN_2024, TOWNS_REVENUE_H1_2024),
    H1_2023: _split(PROVINCIAL_TOWNS, _TOWN_2023, TOWNS_REVENUE_H1_2023),
}
TEN_TOWNS_OUTPUT_2023_SPLIT = _split(TEN_KEY_TOWNS, _TEN_TOWNS_2023, TEN_TOWNS_OUTPUT_2023)


def earlier(figures: list[MemberFigure], rate_by_position: tuple[str, ...]) -> list[MemberFigure]:
    """A year earlier, illustratively: each value ÷ (1 + a rate), rounded to the cent of 亿元."""
    result = []
    for position, figure in enumerate(figures):
        rate = Decimal(rate_by_position[position % len(rate_by_position)])
        value = (figure.value / (1 + rate)).quantize(Decimal("0.01"))
        result.append(MemberFigure(figure.code, value, figure.unit))
    return result


_RATES = ("0.062", "0.081", "0.047", "0.095", "0.058", "0.073", "0.036", "0.104")
CHAIN_REVENUE[H1_2022] = earlier(CHAIN_REVENUE[H1_2023], _RATES)
TOWN_REVENUE[H1_2022] = earlier(TOWN_REVENUE[H1_2023], _RATES[::-1])
