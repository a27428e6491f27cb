"""The scheduled runs page: what the scheduler fired, when, and how it went."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from qstrong.ops.models import ScheduledRun
from qstrong.ops.schedule import configured_jobs, schedule_timezone
from qstrong.ops.selectors import can_see_scheduled_runs, scheduled_runs_visible
from qstrong.policies.models import MatchRun
from qstrong.registry.views.common import render_page

RUNS_PER_PAGE = 50


@login_required
@require_GET
def scheduled_run_list(request: HttpRequest) -> HttpResponse:
    if not can_see_scheduled_runs(request.user):
        raise Http404("no such page")
    runs = scheduled_runs_visible(user=request.user)
    page_obj = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    now, tz = timezone.now(), schedule_timezone()
    labels = dict(ScheduledRun.JobName.choices)
    jobs = [
        {"label": labels[job.name], "cron": job.cron, "next": job.next_slot(now, tz)}
        for job in configured_jobs()
    ]
    job_ids = [run.job_id for run in page_obj.object_list if run.job_id]
    match_runs = dict(MatchRun.objects.filter(job_id__in=job_ids).values_list("job_id", "pk"))
    rows = [
        {"run": run, "match_run_id": match_runs.get(run.job_id) if run.job_id else None}
        for run in page_obj
    ]
    context = {
        "rows": rows,
        "page_obj": page_obj,
        "page_range": page_obj.paginator.get_elided_page_range(page_obj.number),
        "query": "",
        "jobs": jobs,
        "grace_minutes": settings.QSTRONG_SCHEDULE_GRACE_MINUTES,
    }
    return render_page(request, "ops/scheduled_runs.html", context)
