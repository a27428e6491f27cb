"""Record pages: an instrument with its verifications (and recording a new one), a standard with
the enterprises that drafted it, a GI product with its authorised users, metrology campaigns."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from qstrong.nqi import campaigns, selectors, services
from qstrong.nqi.forms_records import VerificationForm
from qstrong.nqi.models import Instrument
from qstrong.nqi.permissions import can_record
from qstrong.nqi.views.common import get_or_404, require_officer_view, require_record, today
from qstrong.registry.views.common import render_page


def _instrument_page(
    request: HttpRequest, instrument: Instrument, form: VerificationForm | None
) -> HttpResponse:
    editable = selectors.enterprise_records_editable(user=request.user, model=Instrument)
    writer = editable.filter(pk=instrument.pk).exists()
    return render_page(
        request,
        "nqi/instrument_detail.html",
        {
            "instrument": instrument,
            "overdue": instrument.next_due_on < today(),
            "verifications": instrument.verifications.select_related("campaign", "actor"),
            "form": form if writer else None,
            "can_edit": writer,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer_view(request)
    instrument = get_or_404(selectors.instruments_visible(user=request.user), pk=pk)
    form = VerificationForm(
        user=request.user,
        instrument=instrument,
        initial={"verified_on": today(), "institute": instrument.institute},
    )
    return _instrument_page(request, instrument, form)


@login_required
@require_http_methods(["POST"])
def instrument_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a new verification: the instrument's dates move on, the row is kept for good."""
    require_officer_view(request)
    instrument = get_or_404(
        selectors.enterprise_records_editable(user=request.user, model=Instrument), pk=pk
    )
    require_record(request)
    form = VerificationForm(request.POST, user=request.user, instrument=instrument)
    if not form.is_valid():
        return _instrument_page(request, instrument, form)
    services.instrument_verify(instrument=instrument, actor=request.user, **form.cleaned_data)
    return redirect("nqi:instrument_detail", pk=pk)


@login_required
@require_GET
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer_view(request)
    standard = get_or_404(selectors.standards_public(user=request.user), pk=pk)
    return render_page(
        request,
        "nqi/standard_detail.html",
        {
            "standard": standard,
            "participations": selectors.participations_visible(user=request.user)
            .filter(standard=standard)
            .order_by("role", "enterprise__name"),
            "gi_products": standard.gi_products.filter(archived_at__isnull=True),
            "can_edit": selectors.standards_editable(user=request.user).filter(pk=pk).exists(),
            "can_record": can_record(request.user),
        },
    )


@login_required
@require_GET
def gi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer_view(request)
    product = get_or_404(selectors.gi_products_public(user=request.user), pk=pk)
    return render_page(
        request,
        "nqi/gi_detail.html",
        {
            "product": product,
            "users": selectors.gi_authorisations_visible(user=request.user)
            .filter(product=product)
            .order_by("enterprise__name"),
            "today": today(),
            "can_edit": selectors.gi_products_editable(user=request.user).filter(pk=pk).exists(),
            "can_record": can_record(request.user),
        },
    )


@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    found = list(campaigns.campaigns_visible(user=request.user)[:200])
    progress = campaigns.campaigns_progress(user=request.user, campaigns=found)
    rows = [(c, progress[c.pk]) for c in found]
    return render_page(
        request,
        "nqi/campaigns.html",
        {"rows": rows, "can_record": can_record(request.user)},
    )


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer_view(request)
    campaign = get_or_404(campaigns.campaigns_visible(user=request.user), pk=pk)
    user = request.user
    return render_page(
        request,
        "nqi/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": campaigns.campaign_progress(user=user, campaign=campaign),
            "verifications": campaigns.campaign_verifications(user=user, campaign=campaign)[:200],
            "due": selectors.instruments_visible(user=user)
            .filter(
                enterprise__in=campaigns.campaign_members(user=user, campaign=campaign).values("pk")
            )
            .exclude(verifications__campaign=campaign)
            .order_by("next_due_on")[:200],
            "can_edit": campaigns.campaigns_editable(user=user).filter(pk=pk).exists(),
        },
    )
