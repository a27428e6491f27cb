"""Creating and changing register records: one pair of views for every kind of record, each
kind saying which records the user may change (another jurisdiction's records answer 404)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from qstrong.nqi import campaigns, selectors, services
from qstrong.nqi.forms_records import FORMS, RecordForm, model_of
from qstrong.nqi.models import (
    Brand,
    GIAuthorisation,
    Instrument,
    Patent,
    StandardParticipation,
    Trademark,
)
from qstrong.nqi.views.common import get_or_404, require_officer_view, require_record
from qstrong.registry.selectors import enterprises_editable
from qstrong.registry.views.common import render_page


def _owned(model: type[Model]) -> Callable[..., QuerySet[Any]]:
    return lambda *, user: selectors.enterprise_records_editable(user=user, model=model)


def _brands(*, user: Any) -> QuerySet[Brand]:
    owned = selectors.enterprise_records_editable(user=user, model=Brand).values("pk")
    regional = selectors.regional_brands_editable(user=user).values("pk")
    return Brand.objects.filter(Q(pk__in=owned) | Q(pk__in=regional))


@dataclass(frozen=True)
class Kind:
    title_new: Promise
    title_edit: Promise
    editable: Callable[..., QuerySet[Any]]  # (user=) → the records the user may change
    after: Callable[[Any], str]  # where the officer lands once saved
    presets: tuple[str, ...] = ()  # query parameters that fill a field (?standard=3)


KINDS: dict[str, Kind] = {
    "instrument": Kind(
        _("登记计量器具"),
        _("修改计量器具"),
        _owned(Instrument),
        lambda r: reverse("nqi:instrument_detail", args=[r.pk]),
        ("enterprise",),
    ),
    "standard": Kind(
        _("登记标准"),
        _("修改标准"),
        selectors.standards_editable,
        lambda r: reverse("nqi:standard_detail", args=[r.pk]),
    ),
    "participation": Kind(
        _("登记标准制定参与"),
        _("修改标准制定参与"),
        _owned(StandardParticipation),
        lambda r: reverse("nqi:standard_detail", args=[r.standard_id]),
        ("standard", "enterprise"),
    ),
    "trademark": Kind(
        _("登记商标"),
        _("修改商标"),
        _owned(Trademark),
        lambda r: reverse("nqi:ip"),
        ("enterprise",),
    ),
    "patent": Kind(
        _("登记专利"),
        _("修改专利"),
        _owned(Patent),
        lambda r: reverse("nqi:ip"),
        ("enterprise",),
    ),
    "gi_product": Kind(
        _("登记地理标志产品"),
        _("修改地理标志产品"),
        selectors.gi_products_editable,
        lambda r: reverse("nqi:gi_detail", args=[r.pk]),
    ),
    "gi_authorisation": Kind(
        _("登记地理标志授权使用企业"),
        _("修改地理标志授权使用"),
        _owned(GIAuthorisation),
        lambda r: reverse("nqi:gi_detail", args=[r.product_id]),
        ("product", "enterprise"),
    ),
    "brand": Kind(
        _("登记品牌"),
        _("修改品牌"),
        _brands,
        lambda r: reverse("nqi:ip"),
        ("parent", "enterprise", "level"),
    ),
    "provider": Kind(
        _("登记服务机构"),
        _("修改服务机构"),
        lambda *, user: selectors.providers_editable(user=user).filter(archived_at__isnull=True),
        lambda r: reverse("nqi:provider_detail", args=[r.pk]),
    ),
    "service": Kind(
        _("添加服务目录"),
        _("修改服务目录"),
        selectors.services_editable,
        lambda r: reverse("nqi:provider_detail", args=[r.provider_id]),
        ("provider",),
    ),
    "innovation_base": Kind(
        _("登记技术标准创新基地"),
        _("修改技术标准创新基地"),
        selectors.innovation_bases_editable,
        lambda r: reverse("nqi:standard_list"),
    ),
    "campaign": Kind(
        _("登记计量服务专项行动"),
        _("修改计量服务专项行动"),
        campaigns.campaigns_editable,
        lambda r: reverse("nqi:campaign_detail", args=[r.pk]),
    ),
}


# Where "cancel" leads from a new record's form (an edit goes back to the record's page).
LISTS = {
    "instrument": "nqi:instrument_list",
    "standard": "nqi:standard_list",
    "participation": "nqi:standard_list",
    "innovation_base": "nqi:standard_list",
    "provider": "nqi:provider_list",
    "service": "nqi:provider_list",
    "campaign": "nqi:campaign_list",
}


def _kind_or_404(kind: str) -> Kind:
    found = KINDS.get(kind)
    if found is None:
        raise Http404("no such kind of record")
    return found


def _initial(request: HttpRequest, spec: Kind) -> dict[str, Any]:
    """Presets from the query string; an enterprise is filled only if the user may change it."""
    initial: dict[str, Any] = {}
    for name in spec.presets:
        value = request.GET.get(name, "")
        if name == "enterprise" and value.isdigit():
            found = enterprises_editable(user=request.user).filter(pk=int(value)).first()
            if found is not None:
                initial["enterprise"] = found.uscc
        elif value.isdigit() or (name == "level" and value):
            initial[name] = value
    return initial


def _save(
    request: HttpRequest, kind: str, spec: Kind, form: RecordForm, instance: Model | None
) -> HttpResponse | None:
    """Save through the service; a rule the form could not see comes back onto the form."""
    data, many = form.data_for_save()
    try:
        record, _outcome = services.record_save(
            model=model_of(kind), instance=instance, data=data, many=many, actor=request.user
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target if target != NON_FIELD_ERRORS else None, message)
        return None
    return redirect(spec.after(record))


def _page(request: HttpRequest, form: RecordForm, title: Promise, cancel: str) -> HttpResponse:
    return render_page(
        request,
        "nqi/record_form.html",
        {"form": form, "title": title, "cancel": cancel},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    require_officer_view(request)
    spec = _kind_or_404(kind)
    require_record(request)
    form = FORMS[kind](request.POST or None, user=request.user, initial=_initial(request, spec))
    if request.method == "POST" and form.is_valid():
        done = _save(request, kind, spec, form, None)
        if done is not None:
            return done
    return _page(request, form, spec.title_new, reverse(LISTS.get(kind, "nqi:ip")))


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    require_officer_view(request)
    spec = _kind_or_404(kind)
    instance = get_or_404(spec.editable(user=request.user), pk=pk)
    require_record(request)
    # The form validates a copy; the service compares the stored record with the new values.
    form = FORMS[kind](
        request.POST or None, user=request.user, instance=type(instance)._default_manager.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        done = _save(request, kind, spec, form, instance)
        if done is not None:
            return done
    return _page(request, form, spec.title_edit, spec.after(instance))
