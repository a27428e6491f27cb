"""Key projects, the quality-loss ledger (with its xlsx export), programmes and the panels."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.quality import selectors
from qstrong.quality.exporting import ledger_xlsx
from qstrong.quality.forms import LedgerFilterForm
from qstrong.quality.forms_records import IndicatorForm, MilestoneForm
from qstrong.quality.models import KeyProject, Programme, QualityLoss
from qstrong.quality.permissions import can_record, can_record_for_region
from qstrong.quality.views.common import render_page
from qstrong.registry.models import Chain
from qstrong.registry.selectors import enterprises_visible

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def key_project_list(request: HttpRequest) -> HttpResponse:
    chain = request.GET.get("chain", "")
    projects = selectors.key_project_list(user=request.user, chain=chain)
    return render_page(
        request,
        "quality/projects/list.html",
        {
            "projects": projects,
            "chains": Chain.objects.filter(archived_at__isnull=True),
            "chain": chain,
            "can_record": can_record(request.user),
        },
    )


@login_required
@require_GET
def key_project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        project = selectors.key_project_detail(user=request.user, pk=pk)
    except KeyProject.DoesNotExist as exc:
        raise Http404("no such key project") from exc
    visible = set(
        enterprises_visible(user=request.user)
        .filter(pk__in=[e.pk for e in project.partner_enterprises.all()])
        .values_list("pk", flat=True)
    )
    problems = selectors.problems_visible(user=request.user).filter(key_projects=project)
    losses = list(project.losses.all())
    return render_page(
        request,
        "quality/projects/detail.html",
        {
            "project": project,
            "partners": [e for e in project.partner_enterprises.all()],
            "linkable_partners": visible,
            "problems": problems.select_related("chain"),
            "losses": losses,
            "savings": sum((loss.savings for loss in losses), selectors.ZERO),
            "can_edit": can_record_for_region(request.user, project.lead_enterprise.region_id),
            "milestone_form": MilestoneForm(),
            "indicator_form": IndicatorForm(),
            "today": timezone.localdate(),
        },
    )


LEDGER_PER_PAGE = 100


def _ledger(request: HttpRequest) -> tuple[LedgerFilterForm, QuerySet[QualityLoss]]:
    losses = selectors.losses_visible(user=request.user)
    years = list(losses.order_by("-year").values_list("year", flat=True).distinct())
    form = LedgerFilterForm(request.GET or None, years=years)
    if form.is_valid():
        if form.cleaned_data.get("year"):
            losses = losses.filter(year=form.cleaned_data["year"])
        if form.cleaned_data.get("chain"):
            losses = selectors.loss_chain_filter(losses, form.cleaned_data["chain"])
    return form, losses


@login_required
@require_GET
def loss_ledger(request: HttpRequest) -> HttpResponse:
    form, losses = _ledger(request)
    # Totals come from the database over every row; the detail table is paged.
    totals = selectors.loss_totals(losses)
    page_obj = Paginator(losses, LEDGER_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "quality/ledger.html",
        {
            "form": form,
            "losses": page_obj.object_list,
            "page_obj": page_obj,
            "page_range": page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2),
            "totals": totals,
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def loss_export(request: HttpRequest) -> HttpResponse:
    """The ledger as filtered, with totals, as an xlsx workbook."""
    _form, losses = _ledger(request)
    rows = list(losses)
    buffer = io.BytesIO()
    ledger_xlsx(rows, selectors.loss_totals(losses), buffer)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="quality.qualityloss",
        object_id="ledger",
        note=f"{len(rows)} rows; {request.GET.urlencode()}"[:255],
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="quality-loss-ledger-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    found = list(selectors.programmes_visible(user=request.user).select_related("region"))
    progress = selectors.programmes_progress(found)
    programmes = [{"programme": p, "progress": progress[p.pk]} for p in found]
    context = {"programmes": programmes, "can_record": can_record(request.user)}
    return render_page(request, "quality/programmes/list.html", context)


@login_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        programme = selectors.programme_detail(user=request.user, pk=pk)
    except Programme.DoesNotExist as exc:
        raise Http404("no such programme") from exc
    target = programme.target_certification or "ISO9001"
    subjects = selectors.programme_subjects(user=request.user, programme=programme)
    return render_page(
        request,
        "quality/programmes/detail.html",
        {
            "programme": programme,
            "progress": selectors.programme_progress(programme),
            "subjects": subjects,
            "target": target,
            "problems": selectors.problems_visible(user=request.user)
            .filter(programme=programme)
            .select_related("chain"),
            "projects": selectors.key_projects_visible(user=request.user)
            .filter(programme=programme)
            .select_related("lead_enterprise"),
            **_programme_forms(request, programme),
        },
    )


def _programme_forms(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    if not can_record_for_region(request.user, programme.region_id):
        return {"can_edit": False}
    # Imported here: the editing views import this module's neighbours.
    from qstrong.quality.views.editing import enrol_form

    return {
        "can_edit": True,
        "milestone_form": MilestoneForm(with_step=programme.kind == Programme.Kind.CERTIFICATION),
        "enrol_form": enrol_form(request),
        "today": timezone.localdate(),
    }


def _panel(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context)


@login_required
@require_GET
def enterprise_panel(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = enterprises_visible(user=request.user, include_archived=True).filter(pk=pk).first()
    if enterprise is None:
        raise Http404("no such enterprise")
    context = selectors.enterprise_panel(user=request.user, enterprise=enterprise)
    return _panel(request, "quality/panels/enterprise.html", {**context, "subject": enterprise})


@login_required
@require_GET
def chain_panel(request: HttpRequest, code: str) -> HttpResponse:
    chain = Chain.objects.filter(code=code, archived_at__isnull=True).first()
    if chain is None:
        raise Http404("no such chain")
    context = selectors.chain_panel(user=request.user, chain=chain)
    return _panel(request, "quality/panels/chain.html", {**context, "chain": chain})
