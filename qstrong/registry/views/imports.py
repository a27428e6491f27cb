"""The import page: upload a file, watch the batch run, read every error, download the report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from qstrong.core.selectors import job_status_data
from qstrong.registry.forms import ImportForm
from qstrong.registry.models import ImportBatch
from qstrong.registry.selectors import batches_visible
from qstrong.registry.views.common import can_import, render_page

RECENT_BATCHES = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_import(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied("this role does not import")


def _batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    _require_import(request)
    batch = batches_visible(user=request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404("no such batch")
    return batch


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from qstrong.registry.importing import import_batch_create, import_batch_start

        upload = form.cleaned_data["file"]
        try:
            batch = import_batch_create(
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
                valid_rows_only=form.cleaned_data["valid_rows_only"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        except ValueError as exc:
            form.add_error("file", str(exc))
        else:
            import_batch_start(batch=batch, actor=request.user)
            return redirect("registry:import_detail", pk=batch.pk)
    batches = list(batches_visible(user=request.user)[:RECENT_BATCHES])
    return render_page(
        request,
        "registry/imports/page.html",
        {"form": form, "batches": batches, "max_bytes": settings.QSTRONG_IMPORT_MAX_BYTES},
        status=400 if form.errors else 200,
    )


def _error_rows(errors: Any) -> list[dict[str, Any]]:
    """The batch's errors as row, column, value, reason, whatever their stored shape."""
    rows = []
    for error in errors or []:
        if isinstance(error, dict):
            rows.append(
                {
                    "row": error.get("row"),
                    "column": error.get("column") or error.get("header") or "",
                    "value": error.get("value", ""),
                    "reason": error.get("message") or error.get("reason") or error.get("code", ""),
                }
            )
        else:
            rows.append({"row": None, "column": "", "value": "", "reason": str(error)})
    return rows


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    job = batch.job
    running = job is not None and not job.is_finished
    return render_page(
        request,
        "registry/imports/detail.html",
        {
            "batch": batch,
            "job": job,
            "status": job_status_data(job) if job is not None else None,
            "running": running,
            "errors": _error_rows(batch.errors),
            "warnings": _error_rows(batch.warnings),
            "has_report": bool(batch.errors or batch.warnings),
        },
    )


@login_required
@require_GET
def import_report_download(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    from qstrong.registry.importing import error_report_xlsx

    content = error_report_xlsx(batch=batch)
    stem = batch.filename.rsplit(".", 1)[0] or "import"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, _("%(name)s-错误报告.xlsx") % {"name": stem}
    )
    return response
