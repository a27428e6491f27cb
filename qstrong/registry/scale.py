"""Enterprise scale (large / medium / small / micro) per 统计上大中小微型企业划分办法（2017）."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# 国统字〔2017〕213号, 附表 and 说明. Revenue (营业收入) and assets (资产总额) are in 万元,
# employees (从业人员) in persons. Industry scopes follow GB/T 4754-2017 as the 说明 requires.

LARGE, MEDIUM, SMALL, MICRO = "large", "medium", "small", "micro"
_SCALE_BY_RANK = (MICRO, SMALL, MEDIUM, LARGE)

EMPLOYEES, REVENUE, ASSETS = "employees", "revenue", "assets"

Number = Decimal | float | int


@dataclass(frozen=True)
class Threshold:
    """Lower bounds of one indicator for the large, medium and small classes."""

    indicator: str
    large: Decimal
    medium: Decimal
    small: Decimal

    def rank(self, value: Decimal) -> int:
        """3 = large, 2 = medium, 1 = small, 0 = micro, for this indicator alone."""
        if value >= self.large:
            return 3
        if value >= self.medium:
            return 2
        if value >= self.small:
            return 1
        return 0


@dataclass(frozen=True)
class IndustryGroup:
    """One row group of the 划分标准 table and the GB/T 4754 codes it covers."""

    name: str
    # Leading digits of GB/T 4754 codes: a division ("51") or a group ("701", whose only class
    # is 7010), so that a group code such as "591" resolves as well as its class "5910".
    code_prefixes: tuple[str, ...]
    thresholds: tuple[Threshold, ...]


def _t(indicator: str, large: int, medium: int, small: int) -> Threshold:
    return Threshold(indicator, Decimal(large), Decimal(medium), Decimal(small))


def _divisions(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{number:02d}" for number in range(first, last + 1))


INDUSTRY_GROUPS: tuple[IndustryGroup, ...] = (
    # The whole of section A: the 说明 scopes every row by GB/T 4754-2017 and does not cut out
    # division 05 (that cut belongs to the 三次产业 split, not to enterprise scale).
    IndustryGroup("农、林、牧、渔业", _divisions(1, 5), (_t(REVENUE, 20000, 500, 50),)),
    # 工业 = 采矿业 B + 制造业 C + 电力、热力、燃气及水生产和供应业 D.
    IndustryGroup(
        "工业", _divisions(6, 46), (_t(EMPLOYEES, 1000, 300, 20), _t(REVENUE, 40000, 2000, 300))
    ),
    IndustryGroup(
        "建筑业", _divisions(47, 50), (_t(REVENUE, 80000, 6000, 300), _t(ASSETS, 80000, 5000, 300))
    ),
    IndustryGroup("批发业", ("51",), (_t(EMPLOYEES, 200, 20, 5), _t(REVENUE, 40000, 5000, 1000))),
    IndustryGroup("零售业", ("52",), (_t(EMPLOYEES, 300, 50, 10), _t(REVENUE, 20000, 500, 100))),
    # 交通运输业 takes 装卸搬运 (591/5910) out of division 59 and leaves 铁路运输业 (53) out.
    IndustryGroup(
        "交通运输业",
        ("54", "55", "56", "57", "58", "591"),
        (_t(EMPLOYEES, 1000, 300, 20), _t(REVENUE, 30000, 3000, 200)),
    ),
    IndustryGroup("仓储业", ("59",), (_t(EMPLOYEES, 200, 100, 20), _t(REVENUE, 30000, 1000, 100))),
    IndustryGroup("邮政业", ("60",), (_t(EMPLOYEES, 1000, 300, 20), _t(REVENUE, 30000, 2000, 100))),
    IndustryGroup("住宿业", ("61",), (_t(EMPLOYEES, 300, 100, 10), _t(REVENUE, 10000, 2000, 100))),
    IndustryGroup("餐饮业", ("62",), (_t(EMPLOYEES, 300, 100, 10), _t(REVENUE, 10000, 2000, 100))),
    IndustryGroup(
        "信息传输业", ("63", "64"), (_t(EMPLOYEES, 2000, 100, 10), _t(REVENUE, 100000, 1000, 100))
    ),
    IndustryGroup(
        "软件和信息技术服务业",
        ("65",),
        (_t(EMPLOYEES, 300, 100, 10), _t(REVENUE, 10000, 1000, 50)),
    ),
    IndustryGroup(
        "房地产开发经营", ("701",), (_t(REVENUE, 200000, 1000, 100), _t(ASSETS, 10000, 5000, 2000))
    ),
    IndustryGroup(
        "物业管理", ("702",), (_t(EMPLOYEES, 1000, 300, 100), _t(REVENUE, 5000, 1000, 500))
    ),
    IndustryGroup(
        "租赁和商务服务业",
        ("71", "72"),
        (_t(EMPLOYEES, 300, 100, 10), _t(ASSETS, 120000, 8000, 100)),
    ),
    # 其他未列明行业 is the catch-all ("...等"): the listed sections M, N, O, Q85, R plus
    # 房地产中介 / 其他房地产业, and — read as "not elsewhere listed" — 铁路运输业 (53),
    # 教育 (83) and 卫生 (84), which no other row covers.
    IndustryGroup(
        "其他未列明行业",
        ("53", "703", "709", *_divisions(73, 90)),
        (_t(EMPLOYEES, 300, 100, 10),),
    ),
)
# Deliberately not covered, so derive_scale returns None: 金融业 J (66-69, classified by the
# separate 金融业企业划型标准规定), 房地产租赁经营 K7040 (the 2011 "自有房地产经营活动" the 说明
# excludes), and the non-enterprise sections S (91-96) and T (97).

_SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50),
    "F": (51, 52), "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69),
    "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79), "O": (80, 82),
    "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}  # fmt: skip


def derive_scale(
    *,
    industry_code: str | None,
    employees: int | None,
    revenue: Number | None,
    assets: Number | None = None,
) -> str | None:
    """Return "large", "medium", "small", "micro", or None when it cannot be decided.

    A class above micro needs the lower bound of every listed indicator (otherwise the
    enterprise drops a class); micro needs only one indicator below the small bound. So an
    unknown indicator leaves the answer open unless a known one is already at micro level:
    e.g. an industrial firm with 12 employees is micro whatever its revenue.
    """
    group = industry_group(industry_code)
    if group is None:
        return None
    values = {EMPLOYEES: employees, REVENUE: revenue, ASSETS: assets}
    ranks = [_rank(threshold, values[threshold.indicator]) for threshold in group.thresholds]
    known = [rank for rank in ranks if rank is not None]
    if 0 in known:
        return MICRO
    if not known or len(known) < len(ranks):
        return None
    return _SCALE_BY_RANK[min(known)]


def industry_group(industry_code: str | None) -> IndustryGroup | None:
    """The 划分标准 row group for a GB/T 4754-2017 code ("C3216", "3216", "C32", "C"...).

    A coarse code counts only when every code beneath it falls in one group: "F" spans
    wholesale and retail, so it gives None, while "C" is all 工业.
    """
    divisions = _codes_below(industry_code)
    if not divisions:
        return None
    groups = {_group_of_digits(digits) for digits in divisions}
    if len(groups) != 1:
        return None
    return groups.pop()


def _codes_below(industry_code: str | None) -> tuple[str, ...]:
    """The digit codes to look at: the code itself, or every division of a bare section."""
    code = (industry_code or "").strip().upper()
    if not code:
        return ()
    section, digits = (code[0], code[1:]) if code[0].isalpha() else ("", code)
    if not digits.isdigit() and digits:
        return ()
    if not digits:
        first, last = _SECTION_DIVISIONS.get(section, (0, -1))
        return _divisions(first, last)
    if len(digits) < 2 or len(digits) > 4 or (section and _section_of(digits) != section):
        return ()
    return (digits,)


def _section_of(digits: str) -> str | None:
    division = int(digits[:2])
    for section, (first, last) in _SECTION_DIVISIONS.items():
        if first <= division <= last:
            return section
    return None


def _group_of_digits(digits: str) -> IndustryGroup | None:
    """The group of a digit code, or None if the code spans groups or no group covers it."""
    # A prefix under the code (e.g. "5910" under "59") means the code itself is ambiguous.
    groups = {
        group for group in INDUSTRY_GROUPS for p in group.code_prefixes if p.startswith(digits)
    }
    longest = _longest_prefix_group(digits)
    if longest is not None:
        groups.add(longest)
    return groups.pop() if len(groups) == 1 else None


def _longest_prefix_group(digits: str) -> IndustryGroup | None:
    best: tuple[int, IndustryGroup] | None = None
    for group in INDUSTRY_GROUPS:
        for prefix in group.code_prefixes:
            if digits.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), group)
    return best[1] if best else None


def _rank(threshold: Threshold, value: Number | None) -> int | None:
    if value is None:
        return None
    # str() first so a float such as 0.1 becomes Decimal("0.1"), not its binary expansion.
    return threshold.rank(value if isinstance(value, Decimal) else Decimal(str(value)))
