"""Typed shapes of the registers' API: what comes in (strict) and what goes out (nullable fields
declared), and the error bodies every operation may answer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, Strict, WithJsonSchema

from qstrong.core.apitypes import ApiError, IsoDate, StrictIn
from qstrong.nqi.models import (
    Brand,
    InstrumentVerification,
    MetrologyCampaign,
    Patent,
    ServiceCategory,
    Standard,
    StandardParticipation,
    Trademark,
)

USCC = r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
MAX_ID = 2**63 - 1

# Several models name their choices Kind or Level: inline enums, so that one shared component
# name cannot give one model's values for another's field in the document. Strict(False): the
# bodies are strict (StrictIn), and strict mode wants an enum member where JSON sends its value.
StandardLevelChoice = Annotated[
    Standard.Level,
    Strict(False),
    WithJsonSchema({"type": "string", "enum": list(Standard.Level.values)}),
]
StandardStatusChoice = Annotated[
    Standard.Status,
    Strict(False),
    WithJsonSchema({"type": "string", "enum": list(Standard.Status.values)}),
]
TrademarkKindChoice = Annotated[
    Trademark.Kind,
    Strict(False),
    WithJsonSchema({"type": "string", "enum": list(Trademark.Kind.values)}),
]
TrademarkStatusChoice = Annotated[
    Trademark.Status,
    Strict(False),
    WithJsonSchema({"type": "string", "enum": list(Trademark.Status.values)}),
]
PatentKindChoice = Annotated[
    Patent.Kind, Strict(False), WithJsonSchema({"type": "string", "enum": list(Patent.Kind.values)})
]
PatentStatusChoice = Annotated[
    Patent.Status,
    Strict(False),
    WithJsonSchema({"type": "string", "enum": list(Patent.Status.values)}),
]
BrandLevelChoice = Annotated[
    Brand.Level, Strict(False), WithJsonSchema({"type": "string", "enum": list(Brand.Level.values)})
]
MetrologyCampaignKindChoice = Annotated[
    MetrologyCampaign.Kind,
    Strict(False),
    WithJsonSchema({"type": "string", "enum": list(MetrologyCampaign.Kind.values)}),
]


READ_ERRORS: dict[int, Any] = {401: ApiError, 404: ApiError, 422: ApiError}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ApiError, 409: ApiError}


class Page(Schema):
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=MAX_ID)


# ------------------------------------------------------------------ in


class StandardIn(StrictIn):
    number: str = Field(min_length=1, max_length=60)
    title: str = Field(min_length=1, max_length=200)
    level: StandardLevelChoice
    status: StandardStatusChoice = Standard.Status.PUBLISHED
    issuing_body: str = Field("", max_length=200)
    published_on: IsoDate | None = None
    effective_on: IsoDate | None = None
    origin_note: str = Field("", max_length=255)


class ParticipationIn(StrictIn):
    standard: int = Field(ge=1, le=MAX_ID)
    uscc: str = Field(pattern=USCC)
    role: Annotated[StandardParticipation.Role, Strict(False)]


class TrademarkIn(StrictIn):
    uscc: str = Field(pattern=USCC)
    registration_number: str = Field(min_length=1, max_length=40)
    mark: str = Field(min_length=1, max_length=120)
    nice_class: int = Field(ge=1, le=45)
    kind: TrademarkKindChoice = Trademark.Kind.ORDINARY
    status: TrademarkStatusChoice = Trademark.Status.REGISTERED
    registered_on: IsoDate | None = None
    expires_on: IsoDate | None = None
    origin_note: str = Field("", max_length=255)


class PatentIn(StrictIn):
    uscc: str = Field(pattern=USCC)
    number: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=200)
    kind: PatentKindChoice
    status: PatentStatusChoice = Patent.Status.GRANTED
    granted_on: IsoDate | None = None
    high_value: bool = False
    transfer: Annotated[Patent.Transfer, Strict(False)] = Patent.Transfer.NONE
    origin_note: str = Field("", max_length=255)


class GIProductIn(StrictIn):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=100)
    protected_regions: list[str] = Field(min_length=1, max_length=200)
    standard: int | None = Field(None, ge=1, le=MAX_ID)
    approved_on: IsoDate | None = None
    origin_note: str = Field("", max_length=255)


class GIAuthorisationIn(StrictIn):
    product: int = Field(ge=1, le=MAX_ID)
    uscc: str = Field(pattern=USCC)
    authorised_on: IsoDate
    expires_on: IsoDate | None = None
    origin_note: str = Field("", max_length=255)


class BrandIn(StrictIn):
    name: str = Field(min_length=1, max_length=120)
    level: BrandLevelChoice
    parent: int | None = Field(None, ge=1, le=MAX_ID)
    uscc: str | None = Field(None, pattern=USCC)
    region: str = Field(min_length=6, max_length=6)
    premium_on: IsoDate | None = None
    origin_note: str = Field("", max_length=255)


class CatalogueLineIn(StrictIn):
    provider: int = Field(ge=1, le=MAX_ID)
    category: Annotated[ServiceCategory, Strict(False)]
    industry: str = Field(min_length=1, max_length=5)
    description: str = Field(min_length=1, max_length=200)


class CampaignIn(StrictIn):
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(min_length=1, max_length=200)
    kind: MetrologyCampaignKindChoice
    region: str = Field(min_length=6, max_length=6)
    town: int | None = Field(None, ge=1, le=MAX_ID)
    chain: int | None = Field(None, ge=1, le=MAX_ID)
    institute: str = Field("", max_length=200)
    started_on: IsoDate
    ends_on: IsoDate | None = None
    description: str = Field("", max_length=5000)
    origin_note: str = Field("", max_length=255)


class InnovationBaseIn(StrictIn):
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=6, max_length=6)
    industry: str | None = Field(None, max_length=5)
    host_uscc: str | None = Field(None, pattern=USCC)
    recognised_on: IsoDate | None = None
    origin_note: str = Field("", max_length=255)


class InstrumentIn(StrictIn):
    uscc: str = Field(pattern=USCC)
    name: str = Field(min_length=1, max_length=120)
    serial_number: str = Field(min_length=1, max_length=80)
    interval_months: int = Field(ge=1, le=120)
    last_verified_on: IsoDate | None = None
    next_due_on: IsoDate
    institute: str = Field("", max_length=200)
    origin_note: str = Field("", max_length=255)


class VerificationIn(StrictIn):
    verified_on: IsoDate
    result: Annotated[InstrumentVerification.Result, Strict(False)]
    institute: str = Field(min_length=1, max_length=200)
    certificate_number: str = Field("", max_length=80)
    next_due_on: IsoDate | None = None
    campaign: int | None = Field(None, ge=1, le=MAX_ID)
    note: str = Field("", max_length=255)


# ------------------------------------------------------------------ out


class StandardOut(Schema):
    id: int
    number: str
    title: str
    level: str
    status: str
    issuing_body: str
    published_on: dt.date | None
    effective_on: dt.date | None
    origin: str
    origin_note: str


class ParticipationOut(Schema):
    id: int
    standard: int
    standard_number: str
    uscc: str
    enterprise: str
    role: str


class TrademarkOut(Schema):
    id: int
    uscc: str
    enterprise: str
    registration_number: str
    mark: str
    nice_class: int
    kind: str
    status: str
    registered_on: dt.date | None
    expires_on: dt.date | None
    origin: str


class PatentOut(Schema):
    id: int
    uscc: str
    enterprise: str
    number: str
    title: str
    kind: str
    status: str
    granted_on: dt.date | None
    high_value: bool
    transfer: str
    origin: str


class GIProductOut(Schema):
    id: int
    code: str
    name: str
    protected_regions: list[str]
    standard: str | None
    approved_on: dt.date | None
    origin: str


class GIAuthorisationOut(Schema):
    id: int
    product: int
    product_code: str
    uscc: str
    enterprise: str
    authorised_on: dt.date
    expires_on: dt.date | None
    origin: str


class BrandOut(Schema):
    id: int
    name: str
    level: str
    parent: int | None
    uscc: str | None
    enterprise: str | None
    region: str
    premium_on: dt.date | None
    origin: str


class CatalogueLineOut(Schema):
    id: int
    provider: int
    provider_code: str
    category: str
    industry: str
    description: str


class CampaignProgressOut(Schema):
    enterprises: int
    enterprises_served: int
    instruments: int
    verified: int
    failed: int


class CampaignOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    region: str
    town: str | None
    chain: str | None
    institute: str
    started_on: dt.date
    ends_on: dt.date | None
    origin: str
    progress: CampaignProgressOut


class InnovationBaseOut(Schema):
    id: int
    name: str
    region: str
    industry: str | None
    host_uscc: str | None
    recognised_on: dt.date | None
    origin: str


class InstrumentOut(Schema):
    id: int
    uscc: str
    enterprise: str
    name: str
    serial_number: str
    interval_months: int
    last_verified_on: dt.date | None
    next_due_on: dt.date
    institute: str
    overdue: bool


class VerificationOut(Schema):
    id: int
    instrument: int
    verified_on: dt.date
    result: str
    institute: str
    certificate_number: str
    next_due_on: dt.date
    campaign: int | None


class CertificateOut(Schema):
    id: int
    uscc: str
    enterprise: str
    scheme: str
    number: str
    body: str
    issued_on: dt.date
    expires_on: dt.date
    status: str
    status_on_date: str
    origin: str


class InstrumentRowOut(Schema):
    id: int
    uscc: str
    name: str
    serial_number: str
    next_due_on: dt.date
    overdue: bool


class CatalogueEntryOut(Schema):
    category: str
    industry: str
    description: str


class ProviderOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    region: str
    cma_number: str
    cnas_number: str
    catalogue: list[CatalogueEntryOut]


class RoutingOut(Schema):
    id: int
    need: int
    provider: int
    routed_on: dt.date
    answer: str
    answered_on: dt.date | None
    outcome: str
    result: str


class SummaryInstrumentOut(Schema):
    name: str
    serial_number: str
    interval_months: int
    next_due_on: dt.date
    overdue: bool


class SummaryStandardOut(Schema):
    number: str
    level: str
    role: str


class SummaryPatentOut(Schema):
    number: str
    kind: str
    status: str
    high_value: bool


class SummaryTrademarkOut(Schema):
    registration_number: str
    mark: str
    kind: str


class SummaryBrandOut(Schema):
    name: str
    level: str
    premium_on: dt.date | None


class EnterpriseSummaryOut(Schema):
    uscc: str
    as_of: dt.date
    certificates: list[CertificateOut]
    instruments: list[SummaryInstrumentOut]
    standards: list[SummaryStandardOut]
    standards_led_typed: int | None
    standards_recorded: int
    standards_differ: bool
    patents: list[SummaryPatentOut]
    patents_typed: int | None
    patents_counted: int | None
    patents_from_records: bool
    patents_differ: bool
    trademarks: list[SummaryTrademarkOut]
    gi_authorisations: list[str]
    brands: list[SummaryBrandOut]
    providers: list[ProviderOut]
