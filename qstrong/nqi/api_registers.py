"""The registers' API beyond certificates and routing (mounted under /api/nqi/): for every
register a bounded list, one record, and — for officers — create and replace.

Reads are scoped like the pages (a record outside the reader's jurisdiction answers 404);
writes validate with the same forms as the pages (each error names its field) and write through
`services.record_save`; the record to replace is looked up among those the officer may change.
"""

# No `from __future__ import annotations` here: ninja reads the payload types of the operations
# made in `_resource` from their annotations, which must be real classes, not strings.

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status

from qstrong.nqi import campaigns, schemas, selectors, services
from qstrong.nqi.forms_records import FORMS, VerificationForm, model_of
from qstrong.nqi.models import (
    Brand,
    GIAuthorisation,
    GIProduct,
    InnovationBase,
    Instrument,
    MetrologyCampaign,
    Patent,
    ProviderService,
    Standard,
    StandardParticipation,
    Trademark,
)
from qstrong.nqi.permissions import can_record
from qstrong.nqi.views.records import KINDS

router = Router(tags=["nqi"])
ID = Path(..., ge=1, le=schemas.MAX_ID)


def _owner(r: Any) -> dict[str, Any]:
    return {"uscc": r.enterprise.uscc, "enterprise": r.enterprise.name}


def _standard(r: Standard) -> dict[str, Any]:
    names = ("number", "title", "level", "status", "issuing_body", "published_on", "effective_on")
    return {
        "id": r.pk,
        **{n: getattr(r, n) for n in names},
        "origin": r.origin,
        "origin_note": r.origin_note,
    }


def _participation(r: StandardParticipation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "standard": r.standard_id,
        "standard_number": r.standard.number,
        "role": r.role,
        **_owner(r),
    }


def _trademark(r: Trademark) -> dict[str, Any]:
    names = (
        "registration_number",
        "mark",
        "nice_class",
        "kind",
        "status",
        "registered_on",
        "expires_on",
        "origin",
    )
    return {"id": r.pk, **_owner(r), **{n: getattr(r, n) for n in names}}


def _patent(r: Patent) -> dict[str, Any]:
    names = ("number", "title", "kind", "status", "granted_on", "high_value", "transfer", "origin")
    return {"id": r.pk, **_owner(r), **{n: getattr(r, n) for n in names}}


def _gi_product(r: GIProduct) -> dict[str, Any]:
    return {
        "id": r.pk,
        "code": r.code,
        "name": r.name,
        "protected_regions": sorted(region.code for region in r.protected_regions.all()),
        "standard": r.standard.number if r.standard else None,
        "approved_on": r.approved_on,
        "origin": r.origin,
    }


def _gi_authorisation(r: GIAuthorisation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "product": r.product_id,
        "product_code": r.product.code,
        **_owner(r),
        "authorised_on": r.authorised_on,
        "expires_on": r.expires_on,
        "origin": r.origin,
    }


def _brand(r: Brand) -> dict[str, Any]:
    return {
        "id": r.pk,
        "name": r.name,
        "level": r.level,
        "parent": r.parent_id,
        "uscc": r.enterprise.uscc if r.enterprise else None,
        "enterprise": r.enterprise.name if r.enterprise else None,
        "region": r.region_id,
        "premium_on": r.premium_on,
        "origin": r.origin,
    }


def _line(r: ProviderService) -> dict[str, Any]:
    return {
        "id": r.pk,
        "provider": r.provider_id,
        "provider_code": r.provider.code,
        "category": r.category,
        "industry": r.industry_id,
        "description": r.description,
    }


def _base(r: InnovationBase) -> dict[str, Any]:
    return {
        "id": r.pk,
        "name": r.name,
        "region": r.region_id,
        "industry": r.industry_id,
        "host_uscc": r.host.uscc if r.host else None,
        "recognised_on": r.recognised_on,
        "origin": r.origin,
    }


def _instrument(r: Instrument) -> dict[str, Any]:
    names = (
        "name",
        "serial_number",
        "interval_months",
        "last_verified_on",
        "next_due_on",
        "institute",
    )
    return {
        "id": r.pk,
        **_owner(r),
        **{n: getattr(r, n) for n in names},
        "overdue": r.next_due_on < timezone.localdate(),
    }


@dataclass(frozen=True)
class Resource:
    """One register in the API: its path, the form kind, who reads what, how a record looks."""

    path: str
    kind: str
    read: Callable[..., QuerySet[Any]]  # (user=) → the records the user may read
    out: Callable[[Any], dict[str, Any]]
    schema_in: type[Schema]
    schema_out: type[Schema]
    summary: str
    rename: dict[str, str] = field(default_factory=lambda: {"uscc": "enterprise"})


def _brands_visible(*, user: Any) -> QuerySet[Brand]:
    from django.db.models import Q

    regional = selectors.regional_brands_public(user=user).values("pk")
    owned = selectors.enterprise_brands_visible(user=user).values("pk")
    return Brand.objects.filter(Q(pk__in=regional) | Q(pk__in=owned)).select_related(
        "enterprise", "region"
    )


def _campaign(
    user: Any, progresses: dict[int, campaigns.CampaignProgress] | None = None
) -> Callable[[MetrologyCampaign], dict[str, Any]]:
    """One campaign's answer; a list passes the progress of all its campaigns, read at once."""

    def out(r: MetrologyCampaign) -> dict[str, Any]:
        if progresses is not None:
            progress = progresses[r.pk]
        else:
            progress = campaigns.campaign_progress(user=user, campaign=r)
        return {
            "id": r.pk,
            "code": r.code,
            "name": r.name,
            "kind": r.kind,
            "region": r.region_id,
            "town": r.town.code if r.town else None,
            "chain": r.chain.code if r.chain else None,
            "institute": r.institute,
            "started_on": r.started_on,
            "ends_on": r.ends_on,
            "origin": r.origin,
            "progress": progress.__dict__,
        }

    return out


def _form_errors(form: Any, rename: dict[str, str]) -> ValidationError:
    back = {form_name: api_name for api_name, form_name in rename.items()}
    return ValidationError(
        {back.get(name, name): list(messages) for name, messages in form.errors.items()}
    )


def _write(request: HttpRequest, res: Resource, payload: Schema, instance: Model | None) -> Any:
    if not can_record(request.user):
        raise PermissionDenied("只有辖区内的监管人员可以登记")
    data = payload.model_dump(mode="json")
    for api_name, form_name in res.rename.items():
        if api_name in data:
            data[form_name] = data.pop(api_name)
    copy = type(instance)._default_manager.get(pk=instance.pk) if instance is not None else None
    form = FORMS[res.kind](data=data, user=request.user, instance=copy)
    if not form.is_valid():
        raise _form_errors(form, res.rename)
    values, many = form.data_for_save()
    record, _outcome = services.record_save(
        model=model_of(res.kind), instance=instance, data=values, many=many, actor=request.user
    )
    return record


def _one(qs: QuerySet[Any], pk: int) -> Any:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404("not in the user's jurisdiction")
    return found


def _resource(res: Resource) -> None:
    """The four operations of one register."""
    schema_in, schema_out, name = res.schema_in, res.schema_out, res.path.replace("-", "_")

    def out_for(request: HttpRequest) -> Callable[[Any], dict[str, Any]]:
        return _campaign(request.user) if res.kind == "campaign" else res.out

    @router.get(
        f"/{res.path}",
        response={200: list[schema_out], **schemas.READ_ERRORS},  # type: ignore[valid-type]
        summary=f"{res.summary}（列表，按辖区）",
        operation_id=f"nqi_{name}_list",
    )
    def list_op(request: HttpRequest, page: Query[schemas.Page]) -> Any:
        qs = res.read(user=request.user).order_by("pk")[page.offset : page.offset + page.limit]
        rows = list(qs)
        if res.kind == "campaign":
            found = campaigns.campaigns_progress(user=request.user, campaigns=rows)
            return [_campaign(request.user, found)(r) for r in rows]
        out = out_for(request)
        return [out(r) for r in rows]

    @router.get(
        f"/{res.path}/{{pk}}",
        response={200: schema_out, **schemas.READ_ERRORS},
        summary=f"{res.summary}（一条）",
        operation_id=f"nqi_{name}_get",
    )
    def get_op(request: HttpRequest, pk: int = ID) -> Any:
        return out_for(request)(_one(res.read(user=request.user), pk))

    @router.post(
        f"/{res.path}",
        response={201: schema_out, **schemas.WRITE_ERRORS},
        summary=f"{res.summary}（登记，本辖区监管人员）",
        operation_id=f"nqi_{name}_create",
    )
    def create_op(request: HttpRequest, payload: schema_in) -> Any:  # type: ignore[valid-type]
        return Status(201, out_for(request)(_write(request, res, payload, None)))

    @router.put(
        f"/{res.path}/{{pk}}",
        response={200: schema_out, **schemas.WRITE_ERRORS},
        summary=f"{res.summary}（修改，本辖区监管人员）",
        operation_id=f"nqi_{name}_update",
    )
    def update_op(request: HttpRequest, payload: schema_in, pk: int = ID) -> Any:  # type: ignore[valid-type]
        instance = _one(KINDS[res.kind].editable(user=request.user), pk)
        return out_for(request)(_write(request, res, payload, instance))


RESOURCES = (
    Resource("standards", "standard", selectors.standards_public, _standard,
             schemas.StandardIn, schemas.StandardOut, "标准"),
    Resource("participations", "participation", selectors.participations_visible,
             _participation, schemas.ParticipationIn, schemas.ParticipationOut, "标准制定参与"),
    Resource("trademarks", "trademark", selectors.trademarks_visible, _trademark,
             schemas.TrademarkIn, schemas.TrademarkOut, "商标"),
    Resource("patents", "patent", selectors.patents_visible, _patent, schemas.PatentIn,
             schemas.PatentOut, "专利"),
    Resource("gi-products", "gi_product", selectors.gi_products_public, _gi_product,
             schemas.GIProductIn, schemas.GIProductOut, "地理标志产品"),
    Resource("gi-authorisations", "gi_authorisation", selectors.gi_authorisations_visible,
             _gi_authorisation, schemas.GIAuthorisationIn, schemas.GIAuthorisationOut,
             "地理标志授权使用"),
    Resource("brands", "brand", _brands_visible, _brand, schemas.BrandIn, schemas.BrandOut,
             "品牌"),
    Resource("catalogue-lines", "service", selectors.services_public, _line,
             schemas.CatalogueLineIn, schemas.CatalogueLineOut, "服务目录"),
    Resource("campaigns", "campaign", campaigns.campaigns_visible, lambda r: {},
             schemas.CampaignIn, schemas.CampaignOut, "计量服务专项行动"),
    Resource("innovation-bases", "innovation_base", selectors.innovation_bases_public, _base,
             schemas.InnovationBaseIn, schemas.InnovationBaseOut, "技术标准创新基地",
             rename={"host_uscc": "host"}),
)  # fmt: skip
for _res in RESOURCES:
    _resource(_res)


# ------------------------------------------------------------------ instruments


@router.get(
    "/instruments/{pk}",
    response={200: schemas.InstrumentOut, **schemas.READ_ERRORS},
    summary="一件计量器具",
)
def instrument_get(request: HttpRequest, pk: int = ID) -> Any:
    return _instrument(_one(selectors.instruments_visible(user=request.user), pk))


INSTRUMENTS = Resource(
    "instruments", "instrument", selectors.instruments_visible, _instrument,
    schemas.InstrumentIn, schemas.InstrumentOut, "计量器具",
)  # fmt: skip


def instrument_write(request: HttpRequest, payload: schemas.InstrumentIn) -> dict[str, Any]:
    """Record an instrument (the operation sits beside the instrument list in `api`)."""
    return _instrument(_write(request, INSTRUMENTS, payload, None))


@router.put(
    "/instruments/{pk}",
    response={200: schemas.InstrumentOut, **schemas.WRITE_ERRORS},
    summary="修改计量器具（检定日期随检定记录变化）",
)
def instrument_update(request: HttpRequest, payload: schemas.InstrumentIn, pk: int = ID) -> Any:
    instance = _one(KINDS["instrument"].editable(user=request.user), pk)
    return _instrument(_write(request, INSTRUMENTS, payload, instance))


@router.post(
    "/instruments/{pk}/verifications",
    response={201: schemas.VerificationOut, **schemas.WRITE_ERRORS},
    summary="登记一次检定：器具的上次、下次检定日期随之更新",
)
def instrument_verify(request: HttpRequest, payload: schemas.VerificationIn, pk: int = ID) -> Any:
    instrument = _one(KINDS["instrument"].editable(user=request.user), pk)
    if not can_record(request.user):
        raise PermissionDenied("只有辖区内的监管人员可以登记")
    form = VerificationForm(
        data=payload.model_dump(mode="json"), user=request.user, instrument=instrument
    )
    if not form.is_valid():
        raise _form_errors(form, {})
    row = services.instrument_verify(instrument=instrument, actor=request.user, **form.cleaned_data)
    return Status(
        201,
        {
            "id": row.pk,
            "instrument": instrument.pk,
            "verified_on": row.verified_on,
            "result": row.result,
            "institute": row.institute,
            "certificate_number": row.certificate_number,
            "next_due_on": row.next_due_on,
            "campaign": row.campaign_id,
        },
    )
