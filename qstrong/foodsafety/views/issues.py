"""An issue: its history, the enterprise's fix with evidence, the officer's comment or send-back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qstrong.core.files import open_stored_or_404
from qstrong.foodsafety import permissions, selectors, services
from qstrong.foodsafety.forms import CommentForm, IssueFixForm, IssueReopenForm, apply_errors
from qstrong.foodsafety.models import Issue, IssueEvent
from qstrong.registry.views.common import render_page


def _issue(request: HttpRequest, pk: int) -> Issue:
    try:
        return selectors.issue_detail(user=request.user, pk=pk)
    except Issue.DoesNotExist:
        raise Http404("no such issue") from None


def _page(
    request: HttpRequest,
    issue: Issue,
    *,
    fix_form: IssueFixForm | None = None,
    reopen_form: IssueReopenForm | None = None,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "issue": issue,
        "enterprise": issue.enterprise,
        "events": list(issue.events.all()),
        "overdue": issue.is_overdue(today),
        "can_fix": permissions.can_fill_records(request.user, issue.enterprise)
        and issue.state == Issue.State.TO_FIX,
        "can_comment": permissions.can_comment(request.user, issue.enterprise),
        "fix_form": fix_form or IssueFixForm(initial={"fixed_on": today}),
        "reopen_form": reopen_form or IssueReopenForm(),
        "comment_form": comment_form or CommentForm(),
    }
    return render_page(request, "foodsafety/issue_detail.html", context, status=status)


@login_required
@require_GET
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _issue(request, pk))


@login_required
@require_POST
def issue_fix(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    if not permissions.can_fill_records(request.user, issue.enterprise):
        raise PermissionDenied
    form = IssueFixForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.issue_fix(
                issue=issue,
                actor=request.user,
                note=form.cleaned_data["note"],
                fixed_on=form.cleaned_data["fixed_on"],
                evidence=form.cleaned_data.get("evidence"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已提交整改，问题标记为已整改。"))
            return redirect("foodsafety:issue_detail", pk=pk)
    return _page(request, issue, fix_form=form, status=422)


@login_required
@require_POST
def issue_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    if not permissions.can_comment(request.user, issue.enterprise):
        raise PermissionDenied
    form = IssueReopenForm(request.POST)
    if form.is_valid():
        try:
            services.issue_reopen(issue=issue, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已退回企业重新整改。"))
            return redirect("foodsafety:issue_detail", pk=pk)
    return _page(request, issue, reopen_form=form, status=422)


@login_required
@require_POST
def issue_comment(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    if not permissions.can_comment(request.user, issue.enterprise):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        services.issue_comment(issue=issue, actor=request.user, comment=form.cleaned_data["text"])
        messages.success(request, _("监管意见已保存。"))
        return redirect("foodsafety:issue_detail", pk=pk)
    return _page(request, issue, comment_form=form, status=422)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int, event_pk: int) -> HttpResponseBase:
    issue = _issue(request, pk)
    event = IssueEvent.objects.filter(issue=issue, pk=event_pk).first()
    if event is None or not event.evidence:
        raise Http404("no evidence")
    inline = event.evidence_name.lower().endswith((".jpg", ".jpeg", ".png", ".webp"))
    return FileResponse(
        open_stored_or_404(event.evidence), as_attachment=not inline, filename=event.evidence_name
    )
