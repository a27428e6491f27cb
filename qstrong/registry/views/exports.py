"""A large enterprise export: its page (progress, then the download link) and the download."""

from __future__ import annotations

from urllib.parse import unquote_plus
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qstrong.core.models import Job
from qstrong.core.selectors import job_status_data
from qstrong.registry.export_jobs import export_audit, export_file_path, export_job_for
from qstrong.registry.views.common import render_page
from qstrong.registry.views.enterprises import EXPORT_TYPES, export_filename


def _job_for(request: HttpRequest, pk: UUID) -> Job:
    # Another user's export, even of the same county, is as absent as one that never existed.
    job = export_job_for(pk=pk, user=request.user)
    if job is None:
        raise Http404("no such export")
    return job


@never_cache
@login_required
@require_GET
def export_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = _job_for(request, pk)
    path = export_file_path(job)
    return render_page(
        request,
        "registry/enterprises/export.html",
        {
            "job": job,
            "status": job_status_data(job),
            "running": not job.is_finished,
            "ready": path is not None,
            "expired": job.state == Job.State.SUCCEEDED and path is None,
            "filters_text": unquote_plus(job.params.get("query", "")),
        },
    )


@login_required
@require_GET
def export_download(request: HttpRequest, pk: UUID) -> HttpResponseBase:
    job = _job_for(request, pk)
    path = export_file_path(job)
    if path is None:
        raise Http404("the export is not ready or has been pruned")
    fmt = job.result["fmt"]
    export_audit(
        actor=request.user,
        fmt=fmt,
        rows=int(job.result.get("rows", 0)),
        query=job.params.get("query", ""),
        job=job,
    )
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=export_filename(fmt=fmt, day=timezone.localdate(job.created_at)),
        content_type=EXPORT_TYPES[fmt][0],
    )
