"""Lazy panels on the registry's enterprise, chain and town pages; files behind the scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qstrong.accounts.models import Role
from qstrong.casework import permissions, selectors
from qstrong.casework.models import ActivityAttachment, ActivityPhoto, TaskEvidence
from qstrong.casework.views.common import STATE_BADGES, scoped
from qstrong.core.files import open_stored_or_404
from qstrong.registry import selectors as registry
from qstrong.registry.models import Chain, Town


def _panel(request: HttpRequest, subject: dict[str, Any], new_need_query: str = "") -> HttpResponse:
    needs, tasks = selectors.subject_casework(user=request.user, **subject)
    today = timezone.localdate()
    context = {
        "needs": needs,
        "tasks": [{"task": t, "overdue": t.is_overdue(today)} for t in tasks],
        "activities": selectors.activities_serving(user=request.user, **subject),
        "is_enterprise_user": getattr(request.user, "role", "") == Role.ENTERPRISE_USER,
        "can_raise": permissions.is_officer(request.user)
        or getattr(request.user, "role", "") == Role.ENTERPRISE_USER,
        "new_need_query": new_need_query,
        "state_badges": STATE_BADGES,
        "subject_filter": new_need_query,
    }
    return render(request, "casework/_panel.html", context)


@login_required
@require_GET
def enterprise_panel(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = scoped(registry.enterprise_detail, user=request.user, pk=pk)
    return _panel(request, {"enterprise": enterprise}, f"enterprise={enterprise.pk}")


@login_required
@require_GET
def chain_panel(request: HttpRequest, code: str) -> HttpResponse:
    if getattr(request.user, "role", "") == Role.ENTERPRISE_USER:
        raise Http404("chain casework is internal")
    chain = scoped(Chain.objects.filter(archived_at__isnull=True).get, code=code)
    return _panel(request, {"chain": chain}, f"chain={chain.pk}")


@login_required
@require_GET
def town_panel(request: HttpRequest, code: str) -> HttpResponse:
    if getattr(request.user, "role", "") == Role.ENTERPRISE_USER:
        raise Http404("town casework is internal")
    town = scoped(Town.objects.filter(archived_at__isnull=True).get, code=code)
    return _panel(request, {"town": town}, f"town={town.pk}")


def _serve(field: Any, name: str, inline: bool) -> FileResponse:
    return FileResponse(open_stored_or_404(field), as_attachment=not inline, filename=name)


@login_required
@require_GET
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    photo = scoped(
        ActivityPhoto.objects.filter(
            activity__in=selectors.activities_visible(user=request.user)
        ).get,
        pk=pk,
    )
    response = _serve(photo.file, (photo.file.name or "photo").rsplit("/", 1)[-1], inline=True)
    response["Content-Type"] = photo.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    attachment = scoped(
        ActivityAttachment.objects.filter(
            activity__in=selectors.activities_visible(user=request.user)
        ).get,
        pk=pk,
    )
    return _serve(attachment.file, attachment.name, inline=False)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = scoped(
        TaskEvidence.objects.filter(task__in=selectors.tasks_visible(user=request.user)).get, pk=pk
    )
    return _serve(evidence.file, evidence.name, inline=False)
