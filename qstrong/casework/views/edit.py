"""Editing an activity, taking its photos and attachments off the page, the enterprise picker."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.casework import permissions, selectors, services
from qstrong.casework.forms import ActivityForm, ArchiveForm
from qstrong.casework.models import OutreachActivity
from qstrong.casework.views.activities import _form_errors
from qstrong.casework.views.common import page, scoped


def _editable(request: HttpRequest, pk: int) -> OutreachActivity:
    """404 outside the scope, 403 inside it for who may not edit (leaders, other bureaus)."""
    activity = scoped(selectors.activity_detail, user=request.user, pk=pk)
    if not permissions.can_edit_activity(request.user, activity):
        raise PermissionDenied
    return activity


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable(request, pk)
    form = ActivityForm(request.POST or None, user=request.user, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.activity_update(
                activity=activity, actor=request.user, data=form.data_object()
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("活动已更新。") if changed else _("没有改动。"))
            return redirect("casework:activity_detail", pk=activity.pk)
    status = 422 if form.is_bound else 200
    return page(
        request,
        "casework/activities/form.html",
        {"form": form, "activity": activity, "picked_enterprises": form.picked("enterprise_ids")},
        status=status,
    )


def _archive(request: HttpRequest, pk: int, *, kind: str) -> HttpResponse:
    get: Any = selectors.activity_photo if kind == "photo" else selectors.activity_attachment
    item = scoped(get, user=request.user, pk=pk)
    if not permissions.can_edit_activity(request.user, item.activity):
        raise PermissionDenied
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请说明移除的原因。"))
        return redirect("casework:activity_detail", pk=item.activity_id)
    archive: Any = (
        services.activity_photo_archive if kind == "photo" else services.activity_attachment_archive
    )
    try:
        archive(**{kind: item}, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("照片已从页面移除，原件已归档保存。")
            if kind == "photo"
            else _("附件已从页面移除，原件已归档保存。"),
        )
    return redirect("casework:activity_detail", pk=item.activity_id)


@login_required
@require_POST
def photo_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive(request, pk, kind="photo")


@login_required
@require_POST
def attachment_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive(request, pk, kind="attachment")


@login_required
@require_GET
def enterprise_search(request: HttpRequest) -> JsonResponse:
    """The picker's search: at most 20 enterprises the user sees, by name or USCC."""
    q = request.GET.get("q", "")[:100]
    found = selectors.enterprise_picker_search(user=request.user, q=q)
    return JsonResponse(
        {
            "q": q,
            "limit": selectors.PICKER_LIMIT,
            "results": [
                {
                    "id": e.pk,
                    "name": e.name,
                    "uscc": e.uscc,
                    "region": e.region.name if e.region_id else "",
                }
                for e in found
            ],
        }
    )
