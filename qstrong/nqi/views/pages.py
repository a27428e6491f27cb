"""The officers' register pages: overview with the expiring and overdue lists, certificates,
instruments, providers, standards and intellectual property."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.nqi import selectors, services
from qstrong.nqi.forms import CertificateForm, CertificateStatusForm
from qstrong.nqi.models import Certificate, CertificateStatus
from qstrong.nqi.permissions import can_record
from qstrong.nqi.views.common import (
    get_or_404,
    require_officer_view,
    require_record,
    today,
)
from qstrong.registry.selectors import enterprises_editable
from qstrong.registry.views.common import render_page

LIST_LIMIT = 200


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    day = today()
    user = request.user
    expiring = selectors.certificates_expiring(user=user, today=day)
    overdue = selectors.instruments_overdue(user=user, today=day)
    counts = {
        "certificates": selectors.certificates_visible(user=user).count(),
        "instruments": selectors.instruments_visible(user=user).count(),
        "providers": selectors.providers_public(user=user).count(),
        "standards": selectors.standards_public(user=user).count(),
        "trademarks": selectors.trademarks_visible(user=user).count(),
        "patents": selectors.patents_visible(user=user).count(),
        "gi_products": selectors.gi_products_public(user=user).count(),
        "routings": selectors.routings_visible(user=user).count(),
    }
    return render_page(
        request,
        "nqi/overview.html",
        {
            "today": day,
            "counts": counts,
            "expiring": [
                (c, (c.expires_on - day).days) for c in expiring.order_by("expires_on")[:50]
            ],
            "expiring_total": expiring.count(),
            "overdue": [
                (i, (day - i.next_due_on).days) for i in overdue.order_by("next_due_on")[:50]
            ],
            "overdue_total": overdue.count(),
            "can_record": can_record(user),
        },
    )


@login_required
@require_GET
def certificate_list(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    qs = selectors.certificates_visible(user=request.user)
    scheme = request.GET.get("scheme", "").strip()
    if scheme:
        qs = qs.filter(scheme=scheme)
    day = today()
    rows = [(c, c.status_on(day)) for c in qs.order_by("expires_on", "pk")[:LIST_LIMIT]]
    return render_page(
        request,
        "nqi/certificates.html",
        {
            "rows": rows,
            "total": qs.count(),
            "scheme": scheme,
            "can_record": can_record(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_create(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    require_record(request)
    initial: dict[str, str] = {}
    enterprise_pk = request.GET.get("enterprise", "")
    if enterprise_pk.isdigit():
        found = enterprises_editable(user=request.user).filter(pk=int(enterprise_pk)).first()
        if found is not None:
            initial["enterprise"] = found.uscc
    form = CertificateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        duplicate = Certificate.objects.filter(scheme=data["scheme"], number=data["number"])
        if duplicate.exists():
            form.add_error("number", "该认证项目下已有这个证书编号")
        else:
            certificate, _outcome = services.record_save(
                model=Certificate, data=data, actor=request.user
            )
            return redirect("nqi:certificate_detail", pk=certificate.pk)
    return render_page(
        request, "nqi/certificate_form.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
@require_GET
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_or_404(selectors.certificates_visible(user=request.user), pk=pk)
    require_officer_view(request)
    return _certificate_page(request, certificate, CertificateStatusForm(initial={"on": today()}))


def _certificate_page(
    request: HttpRequest, certificate: Certificate, form: CertificateStatusForm
) -> HttpResponse:
    return render_page(
        request,
        "nqi/certificate_detail.html",
        {
            "certificate": certificate,
            "status_today": certificate.status_on(today()),
            "events": certificate.events.select_related("actor"),
            "form": form if can_record(request.user) else None,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def certificate_status(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_or_404(selectors.certificates_visible(user=request.user), pk=pk)
    require_officer_view(request)
    require_record(request)
    form = CertificateStatusForm(request.POST)
    if not form.is_valid():
        return _certificate_page(request, certificate, form)
    services.certificate_status_set(
        certificate=certificate,
        status=form.cleaned_data["status"],
        on=form.cleaned_data["on"],
        note=form.cleaned_data["note"],
        actor=request.user,
    )
    return redirect("nqi:certificate_detail", pk=certificate.pk)


@login_required
@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    day = today()
    overdue_only = request.GET.get("overdue") == "1"
    qs = (
        selectors.instruments_overdue(user=request.user, today=day)
        if overdue_only
        else selectors.instruments_visible(user=request.user)
    )
    rows = [(i, i.next_due_on < day) for i in qs.order_by("next_due_on", "pk")[:LIST_LIMIT]]
    return render_page(
        request,
        "nqi/instruments.html",
        {
            "rows": rows,
            "total": qs.count(),
            "overdue_only": overdue_only,
            "can_record": can_record(request.user),
        },
    )


@login_required
@require_GET
def provider_list(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    providers = selectors.providers_public(user=request.user).prefetch_related("services__industry")
    return render_page(
        request,
        "nqi/providers.html",
        {"providers": providers[:LIST_LIMIT], "can_record": can_record(request.user)},
    )


@login_required
@require_GET
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_or_404(
        selectors.providers_public(user=request.user).prefetch_related("services__industry"),
        pk=pk,
    )
    routings = selectors.routings_visible(user=request.user).filter(provider=provider)[:50]
    can_edit = selectors.providers_editable(user=request.user).filter(pk=pk).exists()
    return render_page(
        request,
        "nqi/provider_detail.html",
        {"provider": provider, "routings": routings, "can_edit": can_edit},
    )


@login_required
@require_GET
def standard_list(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    standards = selectors.standards_public(user=request.user).order_by("level", "number")
    participations = selectors.participations_visible(user=request.user).filter(
        standard__in=standards[:LIST_LIMIT]
    )
    by_standard: dict[int, list[object]] = {}
    for participation in participations:
        by_standard.setdefault(participation.standard_id, []).append(participation)
    rows = [(s, by_standard.get(s.pk, [])) for s in standards[:LIST_LIMIT]]
    bases = selectors.innovation_bases_public(user=request.user)
    return render_page(
        request,
        "nqi/standards.html",
        {"rows": rows, "bases": bases, "can_record": can_record(request.user)},
    )


@login_required
@require_GET
def ip_overview(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    user = request.user
    regional = selectors.regional_brands_public(user=user).prefetch_related("children__children")
    return render_page(
        request,
        "nqi/ip.html",
        {
            "trademarks": selectors.trademarks_visible(user=user)[:LIST_LIMIT],
            "patents": selectors.patents_visible(user=user)[:LIST_LIMIT],
            "gi_products": [
                (p, selectors.gi_authorisations_visible(user=user).filter(product=p))
                for p in selectors.gi_products_public(user=user)
            ],
            "regional_brands": regional,
            "enterprise_brands": selectors.enterprise_brands_visible(user=user).filter(
                parent__isnull=True
            )[:LIST_LIMIT],
            "status_valid": CertificateStatus.VALID,
            "can_record": can_record(user),
        },
    )
