"""Needs and tasks: lists per subject / unit / officer, the board, overdue lists, the export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.accounts.models import Organisation, Role
from qstrong.casework import export_jobs, permissions, selectors, services
from qstrong.casework.forms import FileForm, NeedForm, TaskForm, TransitionForm
from qstrong.casework.models import Need, Task
from qstrong.casework.views.activities import _form_errors
from qstrong.casework.views.common import int_param, page, scoped
from qstrong.casework.views.exports import lists_filename
from qstrong.registry.models import Chain, Enterprise, Town

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTER_KEYS = {
    "state", "bureau", "person", "enterprise", "chain", "town", "overdue", "due_week", "q",
}  # fmt: skip


def _filters(request: HttpRequest) -> selectors.TaskFilters:
    return selectors.TaskFilters(
        state=request.GET.get("state", ""),
        bureau=int_param(request, "bureau"),
        person=int_param(request, "person"),
        enterprise=int_param(request, "enterprise"),
        chain=int_param(request, "chain"),
        town=int_param(request, "town"),
        overdue=request.GET.get("overdue") == "1",
        due_week=request.GET.get("due_week") == "1",
        q=request.GET.get("q", ""),
    )


def _filter_context(request: HttpRequest, filters: selectors.TaskFilters) -> dict[str, Any]:
    """Labels of the active filters, so a list says whose it is (“per unit”, “per subject”)."""
    labels: list[Any] = []
    if filters.bureau:
        labels.append(Organisation.objects.filter(pk=filters.bureau).first())
    if filters.enterprise:
        labels.append(
            selectors.enterprise_choices(user=request.user).filter(pk=filters.enterprise).first()
        )
    if filters.chain:
        labels.append(Chain.objects.filter(pk=filters.chain).first())
    if filters.town:
        labels.append(Town.objects.filter(pk=filters.town).first())
    if filters.person:
        labels.append(_("责任人") + f" #{filters.person}")
    params = {k: str(v) for k, v in request.GET.items() if k in FILTER_KEYS and v}
    picked = (
        list(selectors.enterprise_choices(user=request.user).filter(pk=filters.enterprise))
        if filters.enterprise
        else []
    )
    return {
        "filters": filters,
        "picked_enterprise": picked,
        "chains": Chain.objects.filter(archived_at__isnull=True).order_by("code"),
        "towns": Town.objects.filter(archived_at__isnull=True).order_by("code"),
        "filter_labels": [str(label) for label in labels if label],
        "query": urlencode(params),
        "bureaus": selectors.bureau_choices(user=request.user),
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    needs = list(
        selectors.need_search(user=request.user, filters=filters).prefetch_related("tasks")[:500]
    )
    return page(
        request,
        "casework/needs/list.html",
        {"needs": needs, "states": Need.State.choices, **_filter_context(request, filters)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest) -> HttpResponse:
    """Officers register a need; an enterprise user raises one for its own enterprise."""
    user: Any = request.user
    is_enterprise = user.role == Role.ENTERPRISE_USER
    if not (permissions.is_officer(user) or is_enterprise):
        raise PermissionDenied
    own = (
        Enterprise.objects.filter(pk=user.organisation.enterprise_id).first()
        if is_enterprise and user.organisation
        else None
    )
    initial = {}
    if request.GET.get("enterprise", "").isdigit():
        match = (
            selectors.enterprise_choices(user=user)
            .filter(pk=int(request.GET["enterprise"]))
            .first()
        )
        initial["enterprise_ids"] = [match.pk] if match else []
    form = NeedForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.data_object(enterprise=own)
        if data is not None:
            try:
                need = services.need_create(actor=user, data=data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("需求已登记。"))
                return redirect("casework:need_detail", pk=need.pk)
    status = 422 if form.is_bound else 200
    picked = form.picked("enterprise_ids") if "enterprise_ids" in form.fields else []
    context = {"form": form, "own": own, "picked_enterprises": picked}
    return page(request, "casework/needs/form.html", context, status=status)


@login_required
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = scoped(selectors.need_detail, user=request.user, pk=pk)
    return _need_page(request, need)


def _need_page(request: HttpRequest, need: Need, task_form: TaskForm | None = None) -> HttpResponse:
    can_write = permissions.is_officer(request.user)
    today = timezone.localdate()
    tasks = [{"task": t, "overdue": t.is_overdue(today)} for t in need.tasks.all()]
    context = {
        "need": need,
        "tasks": tasks,
        "can_write": can_write,
        "is_enterprise_user": getattr(request.user, "role", "") == Role.ENTERPRISE_USER,
        "task_form": task_form or (TaskForm(user=request.user) if can_write else None),
    }
    return page(request, "casework/needs/detail.html", context, status=422 if task_form else 200)


@login_required
@require_POST
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    need = scoped(selectors.need_detail, user=request.user, pk=pk)
    if not permissions.is_officer(request.user):
        raise PermissionDenied
    form = TaskForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.task_create(need=need, actor=request.user, data=form.data_object())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("任务已安排。"))
            return redirect("casework:need_detail", pk=pk)
    return _need_page(request, need, task_form=form)


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    today = timezone.localdate()
    tasks = [
        {"task": t, "overdue": t.is_overdue(today)}
        for t in selectors.task_search(user=request.user, filters=filters)[:500]
    ]
    return page(
        request,
        "casework/tasks/list.html",
        {"tasks": tasks, "states": Task.State.choices, **_filter_context(request, filters)},
    )


def _board_context(request: HttpRequest) -> dict[str, Any]:
    filters = _filters(request)
    today = timezone.localdate()
    board = selectors.kanban(user=request.user, filters=filters)
    columns = [
        {
            "state": state,
            "label": label,
            "count": board.counts[state],
            "hidden": board.counts[state] - len(board.cards[state]),
            "cards": [
                {"task": t, "overdue": t.is_overdue(today), "moves": _moves(request.user, t)}
                for t in board.cards[state]
            ],
        }
        for state, label in Task.State.choices
    ]
    return {"columns": columns, "board": board, **_filter_context(request, filters)}


def _moves(user: Any, task: Task) -> list[dict[str, Any]]:
    labels: dict[str, str] = {
        Task.State.IN_PROGRESS: _("开始办理") if task.state == Task.State.OPEN else _("退回重办"),
        Task.State.DONE: _("标记完成"),
        Task.State.VERIFIED: _("核验通过"),
    }
    return [
        {
            "to": to,
            "label": labels[to],
            "needs_reason": task.state != Task.State.OPEN and to == Task.State.IN_PROGRESS,
        }
        for to in permissions.next_states(user, task)
    ]


@login_required
@require_GET
def task_board(request: HttpRequest) -> HttpResponse:
    return page(request, "casework/tasks/board.html", _board_context(request))


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = scoped(selectors.task_detail, user=request.user, pk=pk)
    return _task_page(request, task)


def _task_page(request: HttpRequest, task: Task, **forms: Any) -> HttpResponse:
    context = {
        "task": task,
        "overdue": task.is_overdue(timezone.localdate()),
        "moves": _moves(request.user, task),
        "can_add_evidence": bool(permissions.allowed_sides(request.user, task)),
        "is_enterprise_user": getattr(request.user, "role", "") == Role.ENTERPRISE_USER,
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "file_form": forms.get("file_form") or FileForm(),
        "error": forms.get("error", ""),
    }
    return page(request, "casework/tasks/detail.html", context, status=422 if forms else 200)


@login_required
@require_POST
def task_transition(request: Any, pk: int) -> HttpResponse:
    """A move from the task page or from a board card (HTMX: the board comes back)."""
    task = scoped(selectors.task_detail, user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.task_transition(
                task=task, actor=request.user, to_state=form.cleaned_data["to_state"],
                comment=form.cleaned_data["comment"] or request.headers.get("HX-Prompt", ""),
            )  # fmt: skip
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("请选择要变更到的状态。")
    if request.htmx:
        if error:
            messages.error(request, error)
        return page(request, "casework/tasks/_board.html", _board_context(request))
    if error:
        return _task_page(request, task, transition_form=form, error=error)
    messages.success(request, _("任务状态已更新。"))
    return redirect("casework:task_detail", pk=pk)


@login_required
@require_POST
def task_evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = scoped(selectors.task_detail, user=request.user, pk=pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.task_evidence_add(
                task=task, actor=request.user, upload=form.cleaned_data["file"],
                comment=form.cleaned_data["comment"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("佐证材料已上传。"))
            return redirect("casework:task_detail", pk=pk)
    return _task_page(request, task, file_form=form)


@login_required
@require_GET
def my_overdue(request: HttpRequest) -> HttpResponse:
    mine, supervised = selectors.my_overdue(user=request.user)
    return page(
        request,
        "casework/tasks/overdue.html",
        {"mine": mine, "supervised": supervised, "today": timezone.localdate()},
    )


@login_required
@require_GET
def lists_export(request: HttpRequest) -> HttpResponse:
    """The three lists, filtered by subject / unit / person, as one workbook: written in the
    request up to the inline limit (5,000 rows), by a background job above it."""
    filters = _filters(request)
    query = urlencode({k: str(v) for k, v in request.GET.items() if k in FILTER_KEYS and v})
    if not export_jobs.lists_are_inline(user=request.user, filters=filters):
        job = export_jobs.lists_export_start(filters=filters, query=query, actor=request.user)
        return redirect("casework:lists_export_detail", pk=job.pk)
    content, needs, tasks = export_jobs.lists_content(user=request.user, filters=filters)
    export_jobs.lists_audit(actor=request.user, needs=needs, tasks=tasks, query=query)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, lists_filename(timezone.localdate())
    )
    return response
