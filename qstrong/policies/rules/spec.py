"""The rule language's vocabulary: profile fields and operators (RULES.md, version 1)."""

from __future__ import annotations

from dataclasses import dataclass

# Every field also takes these two (RULES.md: "Every field also takes is_set and is_empty").
PRESENCE_OPS = ("is_set", "is_empty")
TEXT_OPS = ("eq", "ne", "in", "not_in")
CODE_OPS = (*TEXT_OPS, "within")
NUMERIC_OPS = ("eq", "ne", "lt", "le", "gt", "ge", "between")
DATE_OPS = ("before", "after", "between")
SET_OPS = ("contains", "contains_any", "contains_all")

# Values beyond this are refused: ints stay exact as float64 (the revenue columns) and fit in Int64.
NUMBER_LIMIT = 10**15
# A guard against pathological nesting (recursion); real rules are a few levels deep.
MAX_DEPTH = 32

Choice = tuple[str, str, str]  # (value, zh, en)


@dataclass(frozen=True)
class FieldSpec:
    """One field of the enterprise profile as rules see it."""

    name: str
    kind: str  # "region" | "industry" | "enum" | "int" | "number" | "date" | "set"
    ops: tuple[str, ...]
    label_zh: str
    label_en: str
    unit_zh: str = ""
    unit_en: str = ""
    choices: tuple[Choice, ...] = ()
    # The choices are the only allowed values (scale, credit rating, chain roles).
    closed: bool = False
    # False for chains, chain_roles, towns: the platform's own records, never unknown.
    nullable: bool = True

    def choice_values(self) -> tuple[str, ...]:
        return tuple(value for value, _zh, _en in self.choices)


@dataclass(frozen=True)
class OperatorSpec:
    """One operator: its label and the shape of value it takes."""

    name: str
    label_zh: str
    label_en: str
    # "one" (a single value), "list" (non-empty list), "one_or_list", "range" ([low, high]), "none".
    value_kind: str


OPERATORS: dict[str, OperatorSpec] = {
    spec.name: spec
    for spec in (
        OperatorSpec("eq", "=", "=", "one"),
        OperatorSpec("ne", "≠", "≠", "one"),
        OperatorSpec("lt", "<", "<", "one"),
        OperatorSpec("le", "≤", "≤", "one"),
        OperatorSpec("gt", ">", ">", "one"),
        OperatorSpec("ge", "≥", "≥", "one"),
        OperatorSpec("between", "介于", "between", "range"),
        OperatorSpec("in", "属于", "is one of", "list"),
        OperatorSpec("not_in", "不属于", "is not one of", "list"),
        OperatorSpec("within", "位于", "within", "one_or_list"),
        OperatorSpec("before", "早于", "before", "one"),
        OperatorSpec("after", "晚于", "after", "one"),
        OperatorSpec("contains", "包含", "includes", "one"),
        OperatorSpec("contains_any", "包含任一", "includes any of", "list"),
        OperatorSpec("contains_all", "包含全部", "includes all of", "list"),
        OperatorSpec("is_set", "已有记录", "is recorded", "none"),
        OperatorSpec("is_empty", "无记录", "is empty", "none"),
    )
}

SCALES: tuple[Choice, ...] = (
    ("large", "大型", "Large"),
    ("medium", "中型", "Medium"),
    ("small", "小型", "Small"),
    ("micro", "微型", "Micro"),
)
CREDIT_RATINGS: tuple[Choice, ...] = (
    ("A", "A", "A"),
    ("B", "B", "B"),
    ("C", "C", "C"),
    ("D", "D", "D"),
)
CHAIN_ROLES: tuple[Choice, ...] = (
    ("leader", "链主", "Chain leader"),
    ("core", "链核", "Chain core"),
    ("backbone", "骨干", "Backbone"),
    ("supplier", "配套", "Supplier"),
)
# Known values, offered by the editor; records may hold others (RULES.md: "...").
# Certificates are shown by their code, as officers write them ("缺少 ISO9001 认证").
CERTIFICATIONS: tuple[Choice, ...] = tuple(
    (code, code, code)
    for code in ("ISO9001", "ISO14001", "ISO45001", "IATF16949", "HACCP", "ISO22000", "ISO50001")
)
TAGS: tuple[Choice, ...] = (
    ("high_tech", "高新技术企业", "High-tech enterprise"),
    ("specialised_sme", "专精特新", "Specialised SME"),
    ("little_giant", "小巨人", "Little giant"),
    ("shanxi_premium", "山西精品", "Shanxi Premium"),
    ("time_honoured", "老字号", "Time-honoured brand"),
)
# Honours that follow from the nqi registers (brand matrix, trademarks) on the as-of date.
BRAND_HONOURS: tuple[Choice, ...] = (
    ("shanxi_premium", "山西精品", "Shanxi Premium"),
    ("well_known_mark", "驰名商标", "Well-known trademark"),
    ("gi_mark", "地理标志证明商标", "GI certification mark"),
)


def _field(
    name: str, kind: str, ops: tuple[str, ...], zh: str, en: str, **extra: object
) -> FieldSpec:
    return FieldSpec(name, kind, (*ops, *PRESENCE_OPS), zh, en, **extra)  # type: ignore[arg-type]


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        _field("region", "region", CODE_OPS, "地区", "Region"),
        _field("industry", "industry", CODE_OPS, "行业", "Industry"),
        _field(
            "scale", "enum", TEXT_OPS, "企业规模", "Enterprise scale", choices=SCALES, closed=True
        ),
        _field(
            "employees", "int", NUMERIC_OPS, "从业人员", "Employees", unit_zh="人", unit_en="people"
        ),
        _field(
            "revenue",
            "number",
            NUMERIC_OPS,
            "营业收入",
            "Revenue",
            unit_zh="万元",
            unit_en="×10k CNY",
        ),
        _field(
            "registered_capital",
            "number",
            NUMERIC_OPS,
            "注册资本",
            "Registered capital",
            unit_zh="万元",
            unit_en="×10k CNY",
        ),
        _field("established", "date", DATE_OPS, "成立日期", "Date established"),
        _field(
            "age_years",
            "int",
            NUMERIC_OPS,
            "成立年限",
            "Years since establishment",
            unit_zh="年",
            unit_en="years",
        ),
        _field("certifications", "set", SET_OPS, "认证", "Certifications", choices=CERTIFICATIONS),
        _field("tags", "set", SET_OPS, "资质标签", "Tags", choices=TAGS),
        _field("chains", "set", SET_OPS, "所属产业链", "Chains", nullable=False),
        _field(
            "chain_roles",
            "set",
            SET_OPS,
            "链上角色",
            "Chain roles",
            choices=CHAIN_ROLES,
            closed=True,
            nullable=False,
        ),
        _field("towns", "set", SET_OPS, "所属专业镇", "Specialty towns", nullable=False),
        _field(
            "standards_led",
            "int",
            NUMERIC_OPS,
            "主导制定标准",
            "Standards led",
            unit_zh="项",
            unit_en="",
        ),
        _field(
            "patents",
            "int",
            NUMERIC_OPS,
            "有效发明专利",
            "Valid invention patents",
            unit_zh="项",
            unit_en="",
        ),
        _field(
            "credit_rating",
            "enum",
            TEXT_OPS,
            "信用等级",
            "Credit rating",
            choices=CREDIT_RATINGS,
            closed=True,
        ),
        # Added with the nqi registers (docs/rules.md "Fields from the registers"): computed from
        # records on the run's as-of date, on both paths, through registry.facts.
        _field(
            "certificates",
            "set",
            SET_OPS,
            "有效认证证书",
            "Valid certificates on record",
            choices=CERTIFICATIONS,
        ),
        _field(
            "gi_authorisations",
            "set",
            SET_OPS,
            "地理标志授权使用",
            "GI authorisations",
            nullable=False,
        ),
        _field(
            "high_value_patents",
            "int",
            NUMERIC_OPS,
            "有效高价值发明专利",
            "Valid high-value invention patents",
            unit_zh="项",
            unit_en="",
        ),
        _field(
            "brand_honours",
            "set",
            SET_OPS,
            "品牌荣誉",
            "Brand honours",
            choices=BRAND_HONOURS,
            closed=True,
            nullable=False,
        ),
    )
}

TEXT_FIELDS = tuple(
    name for name, spec in FIELDS.items() if spec.kind in ("region", "industry", "enum")
)
SET_FIELDS = tuple(name for name, spec in FIELDS.items() if spec.kind == "set")
# age_years is derived from established and the as-of date, so it has no column of its own.
DERIVED_FROM = {"age_years": "established"}
