"""Batch pages: create by list or criterion, progress of the generation, failures and retry,
submit / publish the whole batch, one zip; the Word template upload."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qstrong.core.selectors import job_status_data, job_visible_to
from qstrong.handbooks import batches, selectors, zips
from qstrong.handbooks.forms import BatchForm, TemplateForm
from qstrong.handbooks.models import Handbook
from qstrong.handbooks.templates_store import template_upload
from qstrong.handbooks.views import _errors, _officer_or_404


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    _officer_or_404(request)
    return render(
        request,
        "handbooks/batch_list.html",
        {
            "rows": selectors.batch_list(user=request.user),
            "can_compile": selectors.can_compile(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request: HttpRequest) -> HttpResponse:
    _officer_or_404(request)
    if not selectors.can_compile(request.user):
        raise PermissionDenied
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["criterion"] == "list":
                subjects = batches.subjects_by_codes(d["kind"], d["codes"].splitlines())
            else:
                subjects = batches.subjects_by_criterion(d["criterion"])
            batch = batches.batch_create(
                name=d["name"],
                kind=d["kind"],
                year=d["year"],
                subjects=subjects,
                actor=request.user,
                criterion=d["criterion"],
            )
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(field if field in form.fields else None, err)
        else:
            batches.batch_generate_start(batch=batch, actor=request.user)
            return redirect("handbooks:batch_detail", pk=batch.pk)
    return render(request, "handbooks/batch_form.html", {"form": form})


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _officer_or_404(request)
    batch = selectors.batch_detail(user=request.user, pk=pk)
    job = (
        batch.job
        if batch.job is not None and job_visible_to(job=batch.job, user=request.user)
        else None
    )
    handbooks = (
        selectors.handbooks_visible(user=request.user).filter(batch=batch).order_by("subject_name")
    )
    zip_job = zips.latest_zip_job(batch=batch, user=request.user)
    return render(
        request,
        "handbooks/batch_detail.html",
        {
            "batch": batch,
            "job": job,
            "status": job_status_data(job) if job else None,
            "handbooks": handbooks,
            "counts": [
                (Handbook.State(state).label, n)
                for state, n in selectors.batch_counts(user=request.user, batch=batch).items()
                if n
            ],
            "can_compile": selectors.can_compile(request.user),
            "failed": [h for h in handbooks if h.state == Handbook.State.FAILED],
            "zip_job": zip_job,
            "zip_status": job_status_data(zip_job) if zip_job else None,
            "zip_ready": zip_job is not None and zips.batch_zip_path(zip_job) is not None,
        },
    )


@login_required
@require_POST
def batch_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    batch = selectors.batch_detail(user=request.user, pk=pk)
    if action == "generate":
        if not selectors.can_compile(request.user):
            raise PermissionDenied
        batches.batch_generate_start(batch=batch, actor=request.user)
        messages.success(request, _("已开始生成（未生成和生成失败的手册）。"))
    elif action == "submit":
        n = batches.batch_submit_all(batch=batch, actor=request.user)
        messages.success(request, _("已提交审核 %(n)d 册。") % {"n": n})
    elif action == "publish":
        n, errors = batches.batch_publish_all(batch=batch, actor=request.user)
        messages.success(request, _("已发布 %(n)d 册。") % {"n": n})
        for error in errors:
            messages.error(request, error)
    else:
        raise Http404("action")
    return redirect("handbooks:batch_detail", pk=pk)


@login_required
@require_POST
def batch_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or rejoin) the zip job; the batch page shows its progress and the download."""
    batch = selectors.batch_detail(user=request.user, pk=pk)
    zips.batch_zip_start(batch=batch, actor=request.user)
    messages.success(request, _("正在打包，完成后可在本页下载。"))
    return redirect("handbooks:batch_detail", pk=pk)


@login_required
@require_GET
def batch_zip_download(request: HttpRequest, pk: int, job: UUID) -> HttpResponseBase:
    batch = selectors.batch_detail(user=request.user, pk=pk)
    found = zips.batch_zip_job_for(pk=job, batch=batch, user=request.user)
    path = zips.batch_zip_path(found) if found is not None else None
    if found is None or path is None:
        raise Http404("the zip is not ready, not yours, or has been pruned")
    zips.batch_zip_audit(actor=request.user, batch=batch, job=found)
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=f"handbooks-batch-{batch.pk}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_page(request: HttpRequest) -> HttpResponse:
    _officer_or_404(request)
    if not selectors.can_compile(request.user):
        raise PermissionDenied
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            template_upload(name=upload.name, data=upload.read(), actor=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("新模板已通过示例手册校验并启用。"))
            return redirect("handbooks:template")
    return render(request, "handbooks/template.html", {"form": form})
