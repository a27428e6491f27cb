"""Vectorised cell parsers: each turns a column of trimmed strings into values and problems."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MAX_INTEGER = 2_147_483_647  # PositiveIntegerField on every backend
MAX_NUMBER_DIGITS = 14  # DecimalField(max_digits=16, decimal_places=2)

SCALES = {
    "大型": "large", "中型": "medium", "小型": "small", "微型": "micro",
    "大型企业": "large", "中型企业": "medium", "小型企业": "small", "微型企业": "micro",
    "large": "large", "medium": "medium", "small": "small", "micro": "micro",
}  # fmt: skip
SCALE_LABELS = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}

CHAIN_ROLES = {
    "链主": "leader", "链主企业": "leader", "链核": "core", "链核企业": "core",
    "骨干": "backbone", "骨干企业": "backbone", "配套": "supplier", "配套企业": "supplier",
    "leader": "leader", "core": "core", "backbone": "backbone", "supplier": "supplier",
}  # fmt: skip
CHAIN_ROLE_LABELS = {"leader": "链主", "core": "链核", "backbone": "骨干", "supplier": "配套"}
# A chain written without a role: the most common membership, a supplier (配套).
DEFAULT_CHAIN_ROLE = "supplier"
TOWN_LEADING = {"龙头", "龙头企业", "领军", "领军企业", "leading"}
TOWN_LEADING_LABEL = "龙头"

TAG_LABELS = {
    "high_tech": "高新技术企业",
    "specialised_sme": "专精特新",
    "little_giant": "小巨人",
    "shanxi_premium": "山西精品",
    "time_honoured": "老字号",
}
TAG_ALIASES = {
    **{label: key for key, label in TAG_LABELS.items()},
    **{key: key for key in TAG_LABELS},
    "高新技术": "high_tech", "高新": "high_tech", "专精特新中小企业": "specialised_sme",
    "专精特新小巨人": "little_giant", "中华老字号": "time_honoured", "三晋老字号": "time_honoured",
}  # fmt: skip

# Management-system certifications: ISO numbers and their GB/T equivalents → one key.
_CERT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (
            r"^(ISO|GB/?T|GBT)?(9001|19001)([:\-]\d{4})?(认证|体系认证|质量管理体系(认证)?)?$",
            "ISO9001",
        ),
        (
            r"^(ISO|GB/?T|GBT)?(14001|24001)([:\-]\d{4})?(认证|体系认证|环境管理体系(认证)?)?$",
            "ISO14001",
        ),
        (
            r"^(ISO|GB/?T|GBT)45001([:\-]\d{4})?(认证|体系认证|职业健康安全管理体系(认证)?)?$",
            "ISO45001",
        ),
        (r"^OHSAS18001([:\-]\d{4})?$", "ISO45001"),
        (r"^IATF16949([:\-]\d{4})?(认证)?$", "IATF16949"),
        (r"^HACCP(认证|体系认证)?$", "HACCP"),
        (r"^(ISO|GB/?T|GBT)22000([:\-]\d{4})?(认证)?$", "ISO22000"),
        (r"^(ISO|GB/?T|GBT)(50001|23331)([:\-]\d{4})?(认证)?$", "ISO50001"),
        (r"^(ISO/?IEC|GB/?T)?(27001|22080)([:\-]\d{4})?(认证)?$", "ISO27001"),
        (r"^(ISO|YY/?T)(13485|0287)([:\-]\d{4})?(认证)?$", "ISO13485"),
        (r"^(ISO/?IEC|CNAS)?17025([:\-]\d{4})?(认可)?$", "ISO17025"),
        (r"^GB/?T29490([:\-]\d{4})?(认证)?$", "GB/T29490"),
        (r"^CCC(认证)?$", "CCC"),
    )
)

LIST_SEPARATORS = r"[;；、,，\n]"
NONE_MARKERS = ("无", "none")


def normalise_certification(text: str) -> str:
    """`ISO 9001`, `ISO9001:2015`, `iso9001`, `GB/T 19001-2016` → `ISO9001`; others as written."""
    compact = re.sub(r"[\s_]+", "", unicodedata.normalize("NFKC", text)).upper()
    for pattern, key in _CERT_PATTERNS:
        if pattern.match(compact):
            return key
    return text


def normalise_tag(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip()
    return TAG_ALIASES.get(folded, TAG_ALIASES.get(folded.lower(), text))


@dataclass
class Check:
    """A problem found in a column: rows where `mask` holds, with message params."""

    mask: pl.Expr
    code: str
    params: dict[str, pl.Expr] = field(default_factory=dict)


@dataclass
class Parsed:
    """How to parse one column: intermediate columns computed stage by stage (each once — an
    expression used twice in one eager select is computed twice), the value, the checks."""

    stages: list[list[pl.Expr]]
    value: pl.Expr
    checks: list[Check]


Parser = Callable[[pl.Expr, str], Parsed]


def evaluate(frame: pl.DataFrame, parsed: Parsed, name: str) -> pl.DataFrame:
    """Run a parser's stages on a frame and add its value as `name` (tests and small uses)."""
    for stage in parsed.stages:
        frame = frame.with_columns(stage)
    return frame.with_columns(parsed.value.alias(name))


def parse_uscc(raw: pl.Expr, p: str) -> Parsed:
    """GB 32100-2015 exactly as stdnum.cn.uscc checks it, vectorised."""
    code, length, fmt, total = (pl.col(f"{p}_{n}") for n in ("code", "len", "fmt", "total"))
    index = {char: position for position, char in enumerate(USCC_ALPHABET)}
    stage1 = [
        raw.str.normalize("NFKC")
        .str.replace_all(r"[\s\-]", "")
        .str.to_uppercase()
        .alias(f"{p}_code")
    ]
    stage2 = [
        code.str.len_chars().alias(f"{p}_len"),
        code.str.contains(r"^[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}$").alias(f"{p}_fmt"),
        pl.sum_horizontal(
            code.str.slice(i, 1).replace_strict(index, default=0, return_dtype=pl.Int64) * weight
            for i, weight in enumerate(USCC_WEIGHTS)
        ).alias(f"{p}_total"),
    ]
    stage3 = [
        ((31 - total % 31) % 31)
        .replace_strict(dict(enumerate(USCC_ALPHABET)), return_dtype=pl.String)
        .alias(f"{p}_expected")
    ]
    expected = pl.col(f"{p}_expected")
    bad_length = length != 18
    bad_format = ~bad_length & ~fmt
    bad_check = ~bad_length & ~bad_format & (code.str.slice(17, 1) != expected)
    valid = raw.is_not_null() & ~bad_length & ~bad_format & ~bad_check
    return Parsed([stage1, stage2, stage3], pl.when(valid).then(code), [
        Check(raw.is_not_null() & bad_length, "uscc_length", {"length": length}),
        Check(raw.is_not_null() & bad_format, "uscc_format"),
        Check(raw.is_not_null() & bad_check, "uscc_checksum", {"expected": expected}),
    ])  # fmt: skip


def parse_name(raw: pl.Expr, p: str, max_length: int = 200) -> Parsed:
    length = pl.col(f"{p}_len")
    too_long = raw.is_not_null() & (length > max_length)
    return Parsed(
        [[raw.str.len_chars().alias(f"{p}_len")]],
        pl.when(~too_long).then(raw),
        [Check(too_long, "name_length", {"length": length})],
    )


def parse_text(raw: pl.Expr, p: str, max_length: int) -> Parsed:
    too_long = pl.col(f"{p}_long")
    return Parsed(
        [[(raw.is_not_null() & (raw.str.len_chars() > max_length)).alias(f"{p}_long")]],
        pl.when(~too_long).then(raw),
        [Check(too_long, "text_length", {"limit": pl.lit(max_length)})],
    )


def parse_code(raw: pl.Expr) -> pl.Expr:
    """A code as typed or as an Excel number cell (140121 or 140121.0)."""
    return (
        raw.str.normalize("NFKC").str.replace_all(r"\s", "").str.replace(r"\.0+$", "")
        .str.to_uppercase()
    )  # fmt: skip


def parse_region(raw: pl.Expr, p: str, counties: list[str], regions: list[str]) -> Parsed:
    code, known = pl.col(f"{p}_code"), pl.col(f"{p}_known")
    return Parsed(
        [[parse_code(raw).alias(f"{p}_code")], [code.is_in(counties).alias(f"{p}_known")]],
        pl.when(known).then(code),
        [
            Check(raw.is_not_null() & ~known & code.is_in(regions), "region_not_county"),
            Check(raw.is_not_null() & ~known & ~code.is_in(regions), "region_unknown"),
        ],
    )


def parse_industry(raw: pl.Expr, p: str, codes: list[str], by_digits: dict[str, str]) -> Parsed:
    code = pl.col(f"{p}_code")
    # A code written without its section letter (2720 for C2720) is unambiguous.
    lettered = (
        pl.when(code.str.contains(r"^\d{2,4}$"))
        .then(code.replace_strict(by_digits, default=code))
        .otherwise(code)
    )
    stages = [[parse_code(raw).alias(f"{p}_code")], [lettered.alias(f"{p}_code")]]
    known = code.is_in(codes)
    return Parsed(
        stages, pl.when(known).then(code), [Check(raw.is_not_null() & ~known, "industry_unknown")]
    )


def parse_date(raw: pl.Expr, p: str, excel_serials: bool = False) -> Parsed:
    text = pl.col(f"{p}_text")
    stage1 = [
        raw.str.normalize("NFKC")
        .str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "")
        .alias(f"{p}_text")
    ]
    parts = text.str.extract_groups(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
    compact = text.str.extract_groups(r"^(\d{4})(\d{2})(\d{2})$")
    iso = pl.coalesce(
        pl.concat_str(parts.struct[0], pl.lit("-"), parts.struct[1].str.zfill(2), pl.lit("-"),
                      parts.struct[2].str.zfill(2)),
        pl.concat_str(compact.struct[0], pl.lit("-"), compact.struct[1], pl.lit("-"),
                      compact.struct[2]),
    )  # fmt: skip
    value = iso.str.to_date("%Y-%m-%d", strict=False)
    if excel_serials:
        serial = text.str.extract(r"^(\d{5})(\.0+)?$", 1).cast(pl.Int64, strict=False)
        value = pl.coalesce(value, pl.date(1899, 12, 30) + pl.duration(days=serial))
    stage2 = [value.alias(f"{p}_value")]
    result = pl.col(f"{p}_value")
    return Parsed(
        [stage1, stage2], result, [Check(raw.is_not_null() & result.is_null(), "date_invalid")]
    )


def _numeric_text(raw: pl.Expr) -> pl.Expr:
    return raw.str.normalize("NFKC").str.replace_all(r"[,\s]", "")


def parse_integer(raw: pl.Expr, p: str) -> Parsed:
    text, digits, value = (pl.col(f"{p}_{n}") for n in ("text", "digits", "value"))
    stages = [
        [_numeric_text(raw).alias(f"{p}_text")],
        [
            text.str.extract(r"^\+?(\d+)(?:\.0*)?$", 1).alias(f"{p}_digits"),
            text.str.contains(r"^-\d*\.?\d+$").alias(f"{p}_negative"),
        ],
        [digits.cast(pl.Int64, strict=False).alias(f"{p}_value")],
    ]
    negative = pl.col(f"{p}_negative")
    too_large = digits.is_not_null() & (value.is_null() | (value > MAX_INTEGER))
    ok = digits.is_not_null() & ~too_large
    return Parsed(stages, pl.when(ok).then(value), [
        Check(raw.is_not_null() & negative, "negative"),
        Check(raw.is_not_null() & too_large, "too_large"),
        Check(raw.is_not_null() & digits.is_null() & ~negative, "integer_invalid"),
    ])  # fmt: skip


def parse_number(raw: pl.Expr, p: str) -> Parsed:
    """A number ≥ 0 as whole cents (Int64), rounded half up to two decimals."""
    text, whole, fraction, plain, scientific = (
        pl.col(f"{p}_{n}") for n in ("text", "whole", "fraction", "plain", "scientific")
    )
    parts = text.str.extract_groups(r"^\+?(\d*)(?:\.(\d*))?$")
    stage2 = [
        parts.struct[0].alias(f"{p}_whole"),
        parts.struct[1].fill_null("").alias(f"{p}_fraction"),
        text.str.contains(r"^\+?(\d+\.?\d*|\.\d+)$").alias(f"{p}_plain"),
        text.str.contains(r"^\+?\d+(\.\d+)?[eE][+\-]?\d+$").alias(f"{p}_scientific"),
        text.str.contains(r"^-(\d+\.?\d*|\.\d+)([eE][+\-]?\d+)?$").alias(f"{p}_negative"),
    ]
    frac3 = (fraction + pl.lit("000")).str.slice(0, 3).cast(pl.Int64, strict=False)
    whole_value = pl.when(whole == "").then(0).otherwise(whole.cast(pl.Int64, strict=False))
    cents = whole_value * 100 + frac3 // 10 + (frac3 % 10 >= 5).cast(pl.Int64)
    sci_cents = (text.cast(pl.Float64, strict=False) * 100).round(0).cast(pl.Int64, strict=False)
    stage3 = [
        pl.when(plain).then(cents).when(scientific).then(sci_cents).alias(f"{p}_value"),
        (plain & (whole.str.len_chars() > MAX_NUMBER_DIGITS)).alias(f"{p}_long"),
    ]
    value, negative = pl.col(f"{p}_value"), pl.col(f"{p}_negative")
    too_large = (value.is_not_null() & (value >= 10 ** (MAX_NUMBER_DIGITS + 2))) | pl.col(
        f"{p}_long"
    )
    ok = value.is_not_null() & ~too_large
    return Parsed([[_numeric_text(raw).alias(f"{p}_text")], stage2, stage3],
                  pl.when(ok).then(value), [
        Check(raw.is_not_null() & negative, "negative"),
        Check(raw.is_not_null() & too_large, "too_large"),
        Check(raw.is_not_null() & value.is_null() & ~negative & ~too_large, "number_invalid"),
    ])  # fmt: skip


def parse_scale(raw: pl.Expr, p: str) -> Parsed:
    value = pl.col(f"{p}_value")
    mapped = (
        raw.str.normalize("NFKC")
        .str.to_lowercase()
        .replace_strict(SCALES, default=None, return_dtype=pl.String)
    )
    return Parsed(
        [[mapped.alias(f"{p}_value")]],
        value,
        [Check(raw.is_not_null() & value.is_null(), "scale_invalid")],
    )


def parse_credit(raw: pl.Expr, p: str) -> Parsed:
    value = pl.col(f"{p}_value")
    text = raw.str.normalize("NFKC").str.to_uppercase().str.replace(r"级$", "")
    ok = value.is_in(["A", "B", "C", "D"])
    return Parsed(
        [[text.alias(f"{p}_value")]],
        pl.when(ok).then(value),
        [Check(raw.is_not_null() & ~ok, "credit_invalid")],
    )


def cents_text(cents: pl.Expr) -> pl.Expr:
    """Cents → the text jsonable() gives a Decimal: 120000 → "1200", 120050 → "1200.50"."""
    whole = (cents // 100).cast(pl.String)
    fraction = (cents % 100).cast(pl.String).str.zfill(2)
    return (
        pl.when(cents % 100 == 0).then(whole).otherwise(pl.concat_str(whole, pl.lit("."), fraction))
    )


def cents_decimal_text(cents: pl.Expr) -> pl.Expr:
    """Cents → "1200.00", the form a DecimalField(decimal_places=2) is written in."""
    return pl.concat_str(
        (cents // 100).cast(pl.String), pl.lit("."), (cents % 100).cast(pl.String).str.zfill(2)
    )
