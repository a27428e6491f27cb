"""The API's shared building blocks: bounded ids and paging, the error schema, real patterns.

Every operation under /api/ uses these instead of a bare `int` or `str`, so what the OpenAPI
document allows is what the code accepts (docs/api.md, ADR 0018). A bare `int` lets a client
send 2**70, which reaches the database and answers 500; a bare `str` for a month lets a client
send "abc", which the schema allows and the code refuses.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext
from ninja import Field, Path, Query, Schema
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    Strict,
    model_validator,
)
from pydantic_core import core_schema

# --- numbers the database can hold -----------------------------------------------------------

# A primary key: PostgreSQL's bigint (and SQLite's integer) holds up to 2**63 - 1.
ID_MAX = 2**63 - 1
# Paging: a page holds at most LIMIT_MAX rows; an offset past OFFSET_MAX is refused, not sent to
# the database (OFFSET takes a bigint, but nobody pages through a billion rows).
LIMIT_MAX = 1000
LIMIT_DEFAULT = 50
OFFSET_MAX = 1_000_000_000
# Smaller counts a body may carry (amounts of people, days, pieces): PostgreSQL's integer.
INT32_MAX = 2**31 - 1

ID_DESCRIPTION = "记录编号（1 ≤ id < 2^63）"


def _not_a_bool(value: Any) -> Any:
    # pydantic reads true/false as 1/0; the document says integer.
    if isinstance(value, bool):
        raise ValueError(gettext("请输入整数。"))
    return value


NotBool = BeforeValidator(_not_a_bool)


def _true_or_false(value: Any) -> Any:
    # pydantic also reads "1", "yes", "on", "t" as true; the document says boolean.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    raise ValueError(gettext("请输入 true 或 false。"))


#: A flag in a query string or a form: true or false.
Flag = Annotated[bool, BeforeValidator(_true_or_false)]
#: A number (not a boolean) where the column takes any float.
Number = Annotated[float, NotBool]

#: An id in a body or a query string: 1 ≤ id < 2**63.
# (NotBool after Field: a validator before the bounds would hide them from the document.)
Id = Annotated[int, Field(ge=1, le=ID_MAX, description=ID_DESCRIPTION), NotBool]
#: An id in the path: `pk: PathId`.
PathId = Annotated[int, Path(..., ge=1, le=ID_MAX, description=ID_DESCRIPTION)]
#: An optional id filter in the query string: `policy: QueryId = None`.
QueryId = Annotated[int | None, Query(None, ge=1, le=ID_MAX, description=ID_DESCRIPTION)]
#: An optional year filter in the query string.
QueryYear = Annotated[int | None, Query(None, ge=1949, le=2100, description="年份（1949—2100）")]
#: A count the database stores as an integer (≥ 0).
Count = Annotated[int, Field(ge=0, le=INT32_MAX), NotBool]
#: A year a record can be about.
Year = Annotated[int, Field(ge=1949, le=2100, description="年份（1949—2100）"), NotBool]


def limit_field(default: int = LIMIT_DEFAULT, maximum: int = LIMIT_MAX) -> Any:
    """`limit: int = limit_field()` inside a query Schema: 1..maximum, with its default."""
    return Field(default, ge=1, le=maximum, description=f"每页条数（1—{maximum}，默认 {default}）")


def offset_field() -> Any:
    """`offset: int = offset_field()` inside a query Schema: 0..OFFSET_MAX."""
    return Field(0, ge=0, le=OFFSET_MAX, description=f"跳过的条数（0—{OFFSET_MAX}，默认 0）")


class Paging(Schema):
    """Query parameters of a paged list: `query: Query[MyFilters]` with `MyFilters(Paging)`."""

    limit: int = limit_field()
    offset: int = offset_field()


@dataclass(frozen=True)
class DecimalText:
    """A decimal column's value, as a JSON number or its text ("130.86"), bounds in the document.

    `Annotated[Decimal, DecimalText(max_digits=14, decimal_places=4, ge=0)]`. pydantic's own
    schema lets odd strings through ("", "1e3", other scripts' digits); this one says the digits
    and places the column holds, and the text is checked against it.
    """

    max_digits: int
    decimal_places: int
    ge: int | None = None

    def __post_init__(self) -> None:
        # SQLite keeps a decimal as a REAL: past 15 significant digits it reads back rounded.
        if self.max_digits > 15:
            raise ValueError("DecimalText: at most 15 digits (docs/api.md)")

    @property
    def pattern(self) -> str:
        whole = self.max_digits - self.decimal_places
        sign = "" if self.ge is not None and self.ge >= 0 else "-?"
        return rf"^{sign}[0-9]{{1,{whole}}}(\.[0-9]{{1,{self.decimal_places}}})?$"

    def _plain(self, value: Any) -> Any:
        # "-1" for a value ≥ 0 goes on to the bound's own message ("不能小于 0。").
        text = value[1:] if isinstance(value, str) and value.startswith("-") else value
        if isinstance(value, bool) or (
            isinstance(text, str) and not re.fullmatch(self.pattern, text)
        ):
            raise ValueError(gettext("请输入数字。"))
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        decimal = core_schema.decimal_schema(
            max_digits=self.max_digits,
            decimal_places=self.decimal_places,
            ge=None if self.ge is None else Decimal(self.ge),
            # The text form is documented, so a BodyIn's strictness must not refuse it.
            strict=False,
        )
        return core_schema.no_info_before_validator_function(self._plain, decimal)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        whole = self.max_digits - self.decimal_places
        # Bounds as integers: a float near 10**14 rounds up past what the column holds.
        number: dict[str, Any] = {"type": "number", "exclusiveMaximum": 10**whole}
        if self.ge is not None:
            number["minimum"] = self.ge
        else:
            number["exclusiveMinimum"] = -(10**whole)
        number["multipleOf"] = float(Decimal(10) ** -self.decimal_places)
        return {"anyOf": [number, {"type": "string", "pattern": self.pattern}]}


# --- formats ---------------------------------------------------------------------------------
# ASCII classes only: `\d` in a JSON-Schema pattern also matches other scripts' digits, which
# generated clients (and fuzzers) then send.

#: 统一社会信用代码 (GB 32100-2015): 18 characters, no I, O, S, V, Z (either case; stored upper).
USCC_PATTERN = (
    r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}$"
)
#: The same, optional (an empty filter).
USCC_OR_EMPTY_PATTERN = "^(" + USCC_PATTERN[1:-1] + ")?$"
#: 行政区划代码 (GB/T 2260): six digits, province/city/county.
REGION_PATTERN = r"^[1-9][0-9]{5}$"
REGION_OR_EMPTY_PATTERN = r"^([1-9][0-9]{5})?$"
#: 国民经济行业分类 (GB/T 4754-2017): a section letter, then up to four digits.
INDUSTRY_PATTERN = r"^[A-T][0-9]{0,4}$"
INDUSTRY_OR_EMPTY_PATTERN = r"^([A-T][0-9]{0,4})?$"
#: A month: YYYY-MM, 1949-01 to 2100-12.
MONTH_PATTERN = r"^(19[4-9][0-9]|20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"
MONTH_OR_EMPTY_PATTERN = r"^((19[4-9][0-9]|20[0-9]{2}|2100)-(0[1-9]|1[0-2]))?$"
#: An ISO week: YYYY-Www.
WEEK_PATTERN = r"^(19[4-9][0-9]|20[0-9]{2}|2100)-W(0[1-9]|[1-4][0-9]|5[0-3])$"
#: A code of ours (chain, town, programme, policy): letters, digits, `_ . -`.
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$"
CODE_OR_EMPTY_PATTERN = r"^([A-Za-z0-9][A-Za-z0-9_.\-]{0,39})?$"


def _period_pattern() -> str:
    # The forms qstrong.insights.periods.parse_period reads, months running forwards (a regular
    # expression says that by listing, for each first month, the last months that may follow).
    year = r"(19[4-9][0-9]|20[0-9]{2}|2100)"
    key_month = [f"{m:02d}" for m in range(1, 13)]
    key_ranges = "|".join(
        f"{key_month[s]}-({'|'.join(key_month[e] for e in range(s, 12))})" for s in range(12)
    )
    cn_month = [f"0?{m}" if m < 10 else str(m) for m in range(1, 13)]
    cn_ranges = "|".join(
        f"{cn_month[s]}[-—–]({'|'.join(cn_month[e] for e in range(s, 12))})" for s in range(12)
    )
    forms = [
        rf"{year}(\.({'|'.join(key_month)}|{key_ranges}))?",  # 2024, 2024.03, 2024.01-06
        rf"{year}[Qq][1-4]",  # 2024Q3
        rf"{year}[Hh][12]",  # 2022H1
        rf"{year}-({'|'.join(key_month)})",  # 2024-03
        rf"{year}年(({'|'.join(cn_month)}|{cn_ranges})月)?",  # 2024年, 2024年3月, 2024年1—6月
    ]
    return "^(" + "|".join(forms) + ")$"


#: 报告期: 2024, 2024.03, 2024.01-06 (the key answers carry), 2024Q3, 2022H1, 2024-03, 2024年,
#: 2024年3月, 2024年1—6月.
PERIOD_PATTERN = _period_pattern()
PERIOD_OR_EMPTY_PATTERN = "^(" + PERIOD_PATTERN[1:-1] + ")?$"

#: A USCC in a body: the pattern, and `format: uscc` (the check character, GB 32100-2015).
Uscc = Annotated[
    str,
    Field(
        pattern=USCC_PATTERN,
        json_schema_extra={"format": "uscc"},
        description="统一社会信用代码（18 位，含校验位）",
    ),
]
PathUscc = Annotated[
    str, Path(..., pattern=USCC_PATTERN, description="统一社会信用代码（18 位，大写）")
]
PathCode = Annotated[str, Path(..., pattern=CODE_PATTERN, description="代码")]
Month = Annotated[str, Field(pattern=MONTH_PATTERN, description="月份，YYYY-MM")]
PeriodKey = Annotated[
    str,
    Field(pattern=PERIOD_PATTERN, description="报告期，如 2024、2024.01-06、2024Q3、2024年1—6月"),
]
RegionCode = Annotated[str, Field(pattern=REGION_PATTERN, description="行政区划代码（6 位）")]


# --- dates ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: Any) -> Any:
    # pydantic also reads numbers (a Unix time) and datetimes as dates; the document says
    # `format: date`, so only that text (or a date already parsed) is a date.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError(gettext("日期格式不正确，应为 YYYY-MM-DD。"))


#: A date in a query string or a body: exactly YYYY-MM-DD (`format: date`). Not strict: JSON has
#: no date type, so a BodyIn (strict) would otherwise refuse the text the document asks for.
IsoDate = Annotated[dt.date, Strict(False), BeforeValidator(_iso_date_text)]


# --- bodies ---------------------------------------------------------------------------------


def _takes_integers(annotation: Any) -> bool:
    """The annotation is an int, maybe optional, annotated or in a list (never a bool)."""
    if annotation is int:
        return True
    return any(_takes_integers(arg) for arg in typing.get_args(annotation))


@functools.cache
def _integer_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        field.alias or name
        for name, field in model.model_fields.items()
        if _takes_integers(field.annotation)
    )


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    return value


class BodyIn(Schema):
    """A JSON request body: numbers and booleans as JSON numbers and booleans, nothing else.

    pydantic's lax mode reads `"1"` as 1 and `"true"` or `1` as True, which the document (type
    integer, boolean) forbids; a generated client would never send them, a careless script would
    and learn nothing. Strict mode refuses them with the usual 422 naming the field (ADR 0018).
    JSON Schema's integer is any number without a fraction, so `614.0` is read as 614 (strict
    mode alone would refuse it); `1.5` stays refused. Dates (`IsoDate`) and decimals
    (`DecimalText`) keep their documented text forms; an `Enum` field needs
    `Annotated[MyEnum, Strict(False)]` (strict mode wants an enum member, JSON sends its value).
    Query, path and form parameters arrive as text and stay lax: never use this for them.
    """

    model_config = ConfigDict(strict=True)

    # A wrap validator: it runs before ninja's own (which hands the fields a DjangoGetter).
    @model_validator(mode="wrap")
    @classmethod
    def _whole_numbers_are_integers(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        fields = _integer_fields(cls)
        if fields and isinstance(data, dict):
            data = {key: _whole(value) if key in fields else value for key, value in data.items()}
        return handler(data)


class StrictIn(BodyIn):
    """A JSON request body that also refuses fields the document does not list."""

    model_config = ConfigDict(strict=True, extra="forbid")


# --- errors ----------------------------------------------------------------------------------


class FieldError(Schema):
    """One refused field: where it is (`["query", "limit"]`, `["body", "payload", "name"]`)."""

    loc: list[str | int] = Field(description="字段位置：来源（path/query/body）及字段名")
    msg: str = Field(description="说明（默认中文；Accept-Language: en 时为英文）")
    type: str = Field(description="错误类别，如 missing、less_than_equal、value_error")


class ApiError(Schema):
    """Every error answer: a message, or (422) the list of refused fields."""

    detail: str | list[FieldError] = Field(
        description="错误说明；422 时为逐字段的错误列表",
        examples=["未找到。", [{"loc": ["query", "limit"], "msg": "不能大于 1000。", "type": "x"}]],
    )


#: The answers every operation may give besides its own (declared on each by qstrong.api).
COMMON_ERROR_STATUSES: dict[int, str] = {
    400: "请求无法解析（如 JSON 格式错误）",
    401: "未登录或会话已过期",
    403: "无权执行此操作，或 CSRF 校验失败",
    404: "记录不存在，或不在你的辖区内",
    422: "请求不符合本文档（字段逐一列出）",
    429: "请求过于频繁",
}
#: Declared where an operation can meet a state it cannot change: add `409: ApiError`.
CONFLICT_DESCRIPTION = "与记录当前状态冲突（如已归档、状态不允许、重复）"


class DataRefused(Exception):
    """A request that fits the document but not the data: answered 409 with the fields named.

    `errors` are shaped like a 422's: `{"loc": [...], "msg": "...", "type": "value_error"}`.
    (A Django ValidationError from a service is answered the same way.)
    """

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors)
        self.errors = errors


# --- files -----------------------------------------------------------------------------------

#: Media types of the files the API answers with.
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"
ZIP_TYPE = "application/zip"


def file_answer(*, content_types: tuple[str, ...], description: str) -> dict[str, Any]:
    """`openapi_extra` of an operation that answers a file (with `response={200: None}`).

    The 200 answer then lists its media types with a binary body; without it the document shows
    no content at all, and a generated client cannot know it gets bytes (docs/api.md).
    """
    binary = {"type": "string", "format": "binary"}
    content = {media_type: {"schema": dict(binary)} for media_type in content_types}
    return {"responses": {200: {"description": description, "content": content}}}
