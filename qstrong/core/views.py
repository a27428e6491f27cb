"""Job status for polling: JSON for scripts, an HTML fragment for HTMX progress bars."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from qstrong.accounts.models import Role
from qstrong.core.models import Job
from qstrong.core.services import job_progress_read

# Stages the workers report, as the progress bar names them.
STAGE_LABELS = {
    "reading": _("读取文件"),
    "validating": _("校验数据"),
    "committing": _("写入数据库"),
}


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type checkers)."""

    htmx: HtmxDetails


def job_visible_to(*, job: Job, user: Any) -> bool:
    """A job's progress is for the user who started it, and for administrators."""
    if user.is_superuser or getattr(user, "role", "") == Role.ADMIN:
        return True
    return job.created_by_id is not None and job.created_by_id == user.pk


def _job_for(request: HttpRequest, pk: UUID) -> Job:
    job = Job.objects.filter(pk=pk).first()
    if job is None or not job_visible_to(job=job, user=request.user):
        raise Http404("no such job")
    return job


def job_status_data(job: Job) -> dict[str, Any]:
    progress = job_progress_read(job=job)
    done, total = int(progress["done"]), int(progress["total"])
    state = progress["state"]
    if state == Job.State.SUCCEEDED:
        percent = 100
    elif total > 0:
        percent = min(100, done * 100 // total)
    else:
        percent = 0
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "title": job.title,
        "state": state,
        "state_label": str(Job.State(state).label),
        "stage": progress["stage"],
        "stage_label": str(STAGE_LABELS.get(progress["stage"], progress["stage"])),
        "done": done,
        "total": total,
        "percent": percent,
        "finished": state in {Job.State.SUCCEEDED, Job.State.FAILED},
        "message": job.message,
    }


@never_cache
@login_required
@require_GET
def job_status(request: HttpRequest, pk: UUID) -> HttpResponse:
    """The job's state and progress as JSON."""
    return JsonResponse(job_status_data(_job_for(request, pk)))


@never_cache
@login_required
@require_GET
def job_progress(request: HtmxHttpRequest, pk: UUID) -> HttpResponse:
    """The progress bar fragment; it keeps polling itself every second until the job ends.

    With ?reload=1 the page that embeds it reloads once the job has finished, so that it can
    show the job's results.
    """
    job = _job_for(request, pk)
    status = job_status_data(job)
    response = render(
        request,
        "core/_job_progress.html",
        {"job": job, "status": status, "reload": request.GET.get("reload") == "1"},
    )
    if status["finished"] and request.GET.get("reload") == "1" and request.htmx:
        response["HX-Refresh"] = "true"
    return response
