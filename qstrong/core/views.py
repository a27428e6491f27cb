"""Job status for polling: JSON for scripts, an HTML fragment for HTMX progress bars."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from qstrong.core.models import Job
from qstrong.core.selectors import job_status_data, job_visible_to


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type checkers)."""

    htmx: HtmxDetails


def _job_for(request: HttpRequest, pk: UUID) -> Job:
    job = Job.objects.filter(pk=pk).first()
    if job is None or not job_visible_to(job=job, user=request.user):
        raise Http404("no such job")
    return job


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
