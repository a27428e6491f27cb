"""Matching runs: the list with counts and durations, starting a full run as a background job."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qstrong.core.models import Job
from qstrong.policies import selectors
from qstrong.policies.forms import AsOfForm
from qstrong.policies.matching import match_run_start
from qstrong.policies.models import MatchRun, Policy
from qstrong.policies.permissions import can_run_matching
from qstrong.policies.views.common import render_page, require_run

RUNS_PER_PAGE = 30
RUN_JOB_KIND = "match"


def run_start(*, actor: Any, as_of: dt.date | None, policy: Policy | None) -> Job:
    """Queue a run on a worker; a second click while one is queued or running returns that one."""
    running = Job.objects.filter(
        kind=RUN_JOB_KIND, state__in=[Job.State.QUEUED, Job.State.RUNNING]
    ).first()
    if running is not None:
        return running
    return match_run_start(as_of=as_of, policy=policy, actor=actor)


def _duration(run: MatchRun) -> float | None:
    if run.started_at and run.finished_at:
        return (run.finished_at - run.started_at).total_seconds()
    return None


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    runs = selectors.runs_visible(user=request.user).order_by("-created_at", "-pk")
    page_obj = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    job = None
    can_run = can_run_matching(request.user)
    wanted = _uuid_or_none(request.GET.get("job", ""))
    if wanted is not None and can_run:
        job = Job.objects.filter(pk=wanted, kind=RUN_JOB_KIND).first()
    if job is None and can_run:
        job = Job.objects.filter(
            kind=RUN_JOB_KIND, state__in=[Job.State.QUEUED, Job.State.RUNNING]
        ).first()
    rows = [{"run": run, "duration": _duration(run)} for run in page_obj.object_list]
    context = {
        "page_obj": page_obj,
        "page_range": page_obj.paginator.get_elided_page_range(page_obj.number),
        "query": "",
        "rows": rows,
        "can_run": can_run,
        "form": AsOfForm(),
        "job": job,
    }
    return render_page(request, "policies/runs.html", context)


def _uuid_or_none(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


@login_required
@require_POST
def run_create(request: HttpRequest) -> HttpResponse:
    require_run(request.user)
    form = AsOfForm(request.POST)
    job = run_start(actor=request.user, as_of=form.day(), policy=None)
    messages.success(request, _("已开始全量匹配，完成后本页自动刷新。"))
    return redirect(f"{reverse('policies:run_list')}?job={job.pk}")


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.runs_visible(user=request.user).filter(pk=pk).first()
    if run is None:
        raise Http404("no such run")
    return render_page(
        request, "policies/run_detail.html", {"run": run, "duration": _duration(run)}
    )
