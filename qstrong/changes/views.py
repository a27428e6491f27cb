"""Pages: the enterprise's requests and form (portal), the officers' queue, one request's diff
and decision, evidence downloads — each scoped like the enterprise it concerns."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.changes import selectors, services
from qstrong.changes.forms import ChangeRequestForm
from qstrong.changes.models import ChangeRequest, EvidenceFile
from qstrong.changes.uploads import EVIDENCE_MAX_FILES, evidence_max_bytes
from qstrong.core.paging import CappedPaginator
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import enterprises_visible

PAGE_SIZE = 30


def _own_enterprise(request: HttpRequest) -> Enterprise:
    enterprise_id = jurisdiction_of(request.user).enterprise_id
    if enterprise_id is None:
        raise Http404("not an enterprise user")
    enterprise = enterprises_visible(user=request.user).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise Http404("archived")
    return enterprise


def _officer_or_403(request: HttpRequest) -> None:
    if jurisdiction_of(request.user).region_prefix is None:
        raise PermissionDenied


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The enterprise's own requests, newest first, with the answers."""
    enterprise = _own_enterprise(request)
    rows = selectors.requests_visible(user=request.user)[:100]
    return render(request, "changes/mine.html", {"enterprise": enterprise, "requests": rows})


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Ask for new figures, certifications, standards or patents, with evidence files."""
    enterprise = _own_enterprise(request)
    form = ChangeRequestForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.change_request_submit(
                enterprise=enterprise,
                data=form.requested(),
                files=request.FILES.getlist("evidence"),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("变更申请已提交，主管部门审核通过后生效。"))
            return redirect("changes:detail", pk=created.pk)
    pending = selectors.requests_visible(user=request.user).filter(
        state=ChangeRequest.State.PENDING
    )
    return render(
        request,
        "changes/new.html",
        {
            "enterprise": enterprise,
            "form": form,
            "pending": pending.first(),
            "max_files": EVIDENCE_MAX_FILES,
            "max_mb": f"{evidence_max_bytes() / 1024 / 1024:g}",
        },
    )


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The officers' queue: counts per state, the requests of one state (pending first)."""
    _officer_or_403(request)
    state = request.GET.get("state", ChangeRequest.State.PENDING)
    if state not in ChangeRequest.State.values:
        state = ChangeRequest.State.PENDING
    rows = selectors.requests_visible(user=request.user).filter(state=state)
    if state == ChangeRequest.State.PENDING:
        rows = rows.order_by("created_at", "id")  # oldest waiting first
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "changes/queue.html",
        {
            "page": page,
            "state": state,
            "counts": selectors.request_counts(user=request.user),
            "states": ChangeRequest.State,
        },
    )


def _visible_or_404(request: HttpRequest, pk: int) -> ChangeRequest:
    try:
        return selectors.request_detail(user=request.user, pk=pk)
    except ChangeRequest.DoesNotExist as exc:
        raise Http404("no such change request") from exc


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The diff (value then, asked for, now), the evidence, the history; officers decide here."""
    change = _visible_or_404(request, pk)
    return render(
        request,
        "changes/detail.html",
        {
            "change": change,
            "diff": selectors.request_diff(change),
            "may_decide": selectors.may_decide(user=request.user, request=change),
            "is_enterprise": jurisdiction_of(request.user).enterprise_id is not None,
            "states": ChangeRequest.State,
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = _visible_or_404(request, pk)
    if not services.can_decide(request.user, change.enterprise):
        raise PermissionDenied
    try:
        if request.POST.get("decision") == "approve":
            services.change_request_approve(change_request=change, actor=request.user)
            messages.success(request, _("已通过，企业信息已更新并重新匹配政策。"))
        else:
            services.change_request_reject(
                change_request=change, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("已退回，企业将在门户看到原因。"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("changes:detail", pk=change.pk)


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, for the enterprise itself and the officers who may see the request."""
    try:
        item = selectors.evidence_visible(user=request.user, pk=pk)
    except EvidenceFile.DoesNotExist as exc:
        raise Http404("no such file") from exc
    inline = item.content_type != "application/pdf" or "inline" in request.GET
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:  # the row outlived its file (a partial restore): not a 500
        raise Http404("file missing") from exc
    return FileResponse(
        handle,
        as_attachment=not inline,
        filename=item.name,
        content_type=item.content_type,
    )
