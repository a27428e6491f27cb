"""Problem pages: list, kanban, register, detail with its timeline, and the writes it offers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.core.files import open_stored_or_404
from qstrong.quality import selectors, services
from qstrong.quality.forms import (
    ActionForm,
    CommentForm,
    LossForm,
    ProblemFilterForm,
    ProblemForm,
    TransitionForm,
)
from qstrong.quality.models import EvidenceFile, Problem, ProblemState
from qstrong.quality.permissions import can_comment, can_record_for_region, can_register
from qstrong.quality.statemachine import (
    TRANSITIONS,
    TransitionInvalid,
    TransitionRefused,
    can_move,
    mover_refusal,
    transitions_available,
)
from qstrong.quality.views.common import forbidden, render_page
from qstrong.registry.selectors import enterprises_visible

PER_PAGE = 50


def _filters(request: HttpRequest) -> tuple[ProblemFilterForm, selectors.ProblemFilters]:
    form = ProblemFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.ProblemFilters(
        q=data.get("q", ""),
        chain=data.get("chain", ""),
        grade=data.get("grade", ""),
        klass=data.get("klass", ""),
        state=data.get("state", ""),
        overdue=bool(data.get("overdue")),
    )


@login_required
@require_GET
def problem_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    paginator = Paginator(selectors.problem_search(user=request.user, filters=filters), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "quality/problems/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=2),
            "query": query.urlencode(),
            "can_register": can_register(request.user),
        },
    )


@login_required
@require_GET
def problem_kanban(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    columns = selectors.problem_kanban(user=request.user, filters=filters)
    query = request.GET.copy()
    for name in ("state", "page"):
        query.pop(name, None)
    return render_page(
        request,
        "quality/problems/kanban.html",
        {
            "form": form,
            "columns": columns,
            "cap": selectors.KANBAN_CAP,
            "capped": any(c["more"] for c in columns),
            "query": query.urlencode(),
            "can_register": can_register(request.user),
        },
    )


def _register_form(request: HttpRequest, data: Any = None) -> ProblemForm:
    return ProblemForm(
        data,
        enterprises=enterprises_visible(user=request.user).order_by("name"),
        programmes=selectors.programmes_visible(user=request.user).filter(kind="pilot"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def problem_create(request: HttpRequest) -> HttpResponse:
    if not can_register(request.user):
        return forbidden(request, _("您的角色不能登记质量问题。"))
    form = _register_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            problem = services.problem_register(
                actor=request.user,
                chain=data["chain"],
                segment=data["segment"],
                enterprises=form.ordered_enterprises(),
                grade=data["grade"],
                klass=data["klass"],
                title=data["title"],
                description=data["description"],
                programme=data["programme"],
            )
        except TransitionRefused as exc:
            form.add_error("enterprises", exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已登记质量问题“%(title)s”。") % {"title": problem.title})
            return redirect("quality:problem_detail", problem.pk)
    return render_page(request, "quality/problems/form.html", {"form": form})


def _problem(request: HttpRequest, pk: int) -> Problem:
    try:
        return selectors.problem_detail(user=request.user, pk=pk)
    except Problem.DoesNotExist as exc:
        raise Http404("no such problem") from exc


def _steps(problem: Problem) -> list[dict[str, Any]]:
    """The closed loop as a row of steps: done, current, to come (rejected has none current)."""
    order = [(s, label) for s, label in ProblemState.choices if s != ProblemState.REJECTED]
    states = [s for s, _label in order]
    current = states.index(problem.state) if problem.state in states else -1
    closed = problem.state == ProblemState.CLOSED
    return [
        {"label": label, "done": i < current or closed, "current": i == current and not closed}
        for i, (_s, label) in enumerate(order)
    ]


def _detail_context(request: HttpRequest, problem: Problem, **forms: Any) -> dict[str, Any]:
    user = request.user
    movable = can_move(user=user, problem=problem)
    return {
        "problem": problem,
        "steps": _steps(problem),
        "transitions": transitions_available(user=user, problem=problem),
        "mover_refusal": mover_refusal(user=user, problem=problem),
        "can_move": movable,
        "can_comment": can_comment(user, problem),
        "can_record": can_record_for_region(user, problem.region_id),
        "action_form": forms.get("action_form") or ActionForm(problem=problem),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "loss_form": forms.get("loss_form") or LossForm(),
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "open_transition": forms.get("open_transition", ""),
        "today": timezone.localdate(),
        "losses": list(problem.losses.all()),
        "project_losses": selectors.problem_project_losses(user=user, problem=problem),
    }


@login_required
@require_GET
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    return render_page(request, "quality/problems/detail.html", _detail_context(request, problem))


@login_required
@require_POST
def problem_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    problem = _problem(request, pk)
    if name not in TRANSITIONS:
        raise Http404("no such transition")
    form = TransitionForm(request.POST)
    files = request.FILES.getlist("evidence_files")
    if form.is_valid():
        try:
            services.problem_transition(
                problem=problem,
                actor=request.user,
                transition=name,
                comment=form.cleaned_data["comment"],
                root_cause=form.cleaned_data["root_cause"],
                evidence_note=form.cleaned_data["evidence_note"],
                evidence_files=files,
            )
        except TransitionRefused as exc:
            return forbidden(request, exc.message)
        except TransitionInvalid as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("已执行“%(action)s”。") % {"action": TRANSITIONS[name].label}
            )
            return redirect("quality:problem_detail", problem.pk)
    problem = _problem(request, pk)
    context = _detail_context(request, problem, transition_form=form, open_transition=name)
    return render_page(request, "quality/problems/detail.html", context, status=422)


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@login_required
@require_POST
def problem_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    form = ActionForm(request.POST, problem=problem)
    if form.is_valid():
        try:
            services.problem_action_add(problem=problem, actor=request.user, **form.cleaned_data)
        except TransitionRefused as exc:
            return forbidden(request, exc.message)
        except TransitionInvalid as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已添加整改措施。"))
            return redirect(reverse("quality:problem_detail", args=[problem.pk]) + "#actions")
    context = _detail_context(request, problem, action_form=form)
    return render_page(request, "quality/problems/detail.html", context, status=422)


@login_required
@require_POST
def problem_action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    action = problem.actions.filter(pk=action_pk).first()
    if action is None:
        raise Http404("no such action")
    try:
        services.problem_action_complete(action=action, actor=request.user)
    except TransitionRefused as exc:
        return forbidden(request, exc.message)
    except TransitionInvalid as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("已将措施标记为完成。"))
    return redirect(reverse("quality:problem_detail", args=[problem.pk]) + "#actions")


@login_required
@require_POST
def problem_comment(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.problem_comment(
                problem=problem, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except TransitionRefused as exc:
            return forbidden(request, exc.message)
        messages.success(request, _("已发表评论。"))
        return redirect(reverse("quality:problem_detail", args=[problem.pk]) + "#timeline")
    context = _detail_context(request, problem, comment_form=form)
    return render_page(request, "quality/problems/detail.html", context, status=422)


@login_required
@require_POST
def problem_loss_add(request: HttpRequest, pk: int) -> HttpResponse:
    problem = _problem(request, pk)
    form = LossForm(request.POST)
    if form.is_valid():
        try:
            services.quality_loss_save(actor=request.user, problem=problem, data=form.cleaned_data)
        except TransitionRefused as exc:
            return forbidden(request, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已记录质量损失。"))
            return redirect(reverse("quality:problem_detail", args=[problem.pk]) + "#losses")
    context = _detail_context(request, problem, loss_form=form)
    return render_page(request, "quality/problems/detail.html", context, status=422)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, only for those who may see its problem."""
    evidence = EvidenceFile.objects.select_related("event").filter(pk=pk).first()
    visible = selectors.problems_visible(user=request.user)
    if evidence is None or not visible.filter(pk=evidence.event.problem_id).exists():
        raise Http404("no such file")
    return FileResponse(
        open_stored_or_404(evidence.file), as_attachment=True, filename=evidence.name
    )
