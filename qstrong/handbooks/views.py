"""Handbook pages: list, one handbook with its sections, measures and review, downloads, the
enterprise's own handbooks in the portal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.casework.selectors import bureau_choices
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.handbooks import files, selectors, services
from qstrong.handbooks.diff import editions_diff
from qstrong.handbooks.forms import MeasureForm, SectionForm
from qstrong.handbooks.models import Handbook, Kind
from qstrong.handbooks.schemas import content_load


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _officer_or_404(request: HttpRequest) -> None:
    if jurisdiction_of(request.user).region_prefix is None:
        raise Http404("officers only")


@login_required
@require_GET
def handbook_list(request: HttpRequest) -> HttpResponse:
    if jurisdiction_of(request.user).enterprise_id is not None:
        return redirect("handbooks:mine")
    _officer_or_404(request)
    kind, state, q = (
        request.GET.get("kind", ""),
        request.GET.get("state", ""),
        request.GET.get("q", ""),
    )
    handbooks = selectors.handbook_search(user=request.user, kind=kind, state=state, q=q)[:500]
    return render(
        request,
        "handbooks/list.html",
        {
            "handbooks": handbooks,
            "kinds": Kind.choices,
            "states": Handbook.State.choices,
            "kind": kind,
            "state": state,
            "q": q,
            "can_compile": selectors.can_compile(request.user),
        },
    )


def _diff(handbook: Handbook) -> Any:
    previous = selectors.previous_edition(handbook=handbook)
    if previous is None or not previous.content or not handbook.content:
        return None, None
    changes = editions_diff(content_load(previous.content), content_load(handbook.content))
    return previous, [c for c in changes if not c.is_empty]


@login_required
@require_GET
def handbook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    handbook = selectors.handbook_detail(user=request.user, pk=pk)
    if jurisdiction_of(request.user).enterprise_id is not None:
        return redirect("handbooks:mine")
    editable = selectors.can_edit(request.user, handbook)
    content = content_load(handbook.content) if handbook.content else None
    previous, changes = _diff(handbook)
    measure_form = MeasureForm(kind=handbook.kind, bureaus=bureau_choices(user=request.user))
    return render(
        request,
        "handbooks/detail.html",
        {
            "handbook": handbook,
            "content": content,
            "measures": selectors.handbook_measures(handbook=handbook),
            "events": selectors.handbook_events(handbook=handbook)[:50],
            "can_edit": editable,
            "measure_form": measure_form,
            "previous": previous,
            "changes": changes,
            "is_editor": handbook.editor_id == request.user.pk,
        },
    )


def _editable(request: HttpRequest, pk: int) -> Handbook:
    handbook = selectors.handbook_detail(user=request.user, pk=pk)
    if not selectors.can_edit(request.user, handbook):
        raise PermissionDenied
    return handbook


ACTIONS = {
    "generate": lambda h, u, c: services.handbook_generate(
        handbook=h, actor=u, as_of=timezone.localdate()
    ),
    "submit": lambda h, u, c: services.handbook_submit(handbook=h, actor=u, comment=c),
    "return": lambda h, u, c: services.handbook_return(handbook=h, actor=u, comment=c),
    "publish": lambda h, u, c: services.handbook_publish(handbook=h, actor=u),
}
DONE = {
    "generate": gettext_lazy("已按最新记录重新生成；编辑过的章节保持不变。"),
    "submit": gettext_lazy("已提交审核。"),
    "return": gettext_lazy("已退回修改。"),
    "publish": gettext_lazy("已发布；有责任单位和完成时限的举措已转为任务。"),
}


@login_required
@require_POST
def handbook_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    handbook = _editable(request, pk)
    if action == "new_edition":
        try:
            new = services.handbook_create(
                subject=handbook.subject, actor=request.user, batch=handbook.batch
            )
            services.handbook_generate(handbook=new, actor=request.user, as_of=timezone.localdate())
        except ValidationError as exc:
            _errors(request, exc)
            return redirect("handbooks:detail", pk=pk)
        messages.success(request, _("已新建第 %(n)d 版草稿。") % {"n": new.edition})
        return redirect("handbooks:detail", pk=new.pk)
    if action not in ACTIONS:
        raise Http404("action")
    try:
        ACTIONS[action](handbook, request.user, request.POST.get("comment", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, str(DONE[action]))
    return redirect("handbooks:detail", pk=pk)


@login_required
@require_POST
def section_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    handbook = _editable(request, pk)
    form = SectionForm(request.POST)
    try:
        if request.POST.get("reset"):
            services.section_reset(handbook=handbook, actor=request.user, key=key)
        elif form.is_valid():
            services.section_edit(
                handbook=handbook, actor=request.user, key=key, text=form.cleaned_data["text"]
            )
        else:
            raise ValidationError(_("章节内容不能为空。"))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("handbooks:detail", pk=pk)


@login_required
@require_POST
def measure_save(request: HttpRequest, pk: int, measure_pk: int | None = None) -> HttpResponse:
    handbook = _editable(request, pk)
    measure = None
    if measure_pk is not None:
        measure = handbook.measures.filter(pk=measure_pk).first()
        if measure is None:
            raise Http404("measure")
    form = MeasureForm(request.POST, kind=handbook.kind, bureaus=bureau_choices(user=request.user))
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for err in errs:
                messages.error(request, f"{label}：{err}" if label else str(err))
        return redirect("handbooks:detail", pk=pk)
    d = form.cleaned_data
    data = services.MeasureData(
        category=d["category"],
        text=d["text"],
        need_text=d.get("need_text") or "",
        responsible_bureau=d.get("responsible_bureau"),
        responsible_person=d.get("responsible_person"),
        deadline=d.get("deadline"),
        template=d.get("template"),
    )
    try:
        services.measure_save(handbook=handbook, actor=request.user, data=data, measure=measure)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("举措已保存。"))
    return redirect("handbooks:detail", pk=pk)


@login_required
@require_POST
def measure_delete(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    handbook = _editable(request, pk)
    measure = handbook.measures.filter(pk=measure_pk).first()
    if measure is None:
        raise Http404("measure")
    try:
        services.measure_delete(measure=measure, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("handbooks:detail", pk=pk)


def file_response(*, request: HttpRequest, handbook: Handbook, fmt: str) -> HttpResponse:
    if fmt not in files.FORMATS or not handbook.content:
        raise Http404("format")
    from qstrong.handbooks.rendering import renderer_for

    data = files.handbook_file(handbook=handbook, fmt=fmt)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type="handbooks.handbook",
        object_id=str(handbook.pk),
        object_repr=str(handbook),
        note=fmt,
    )
    response = HttpResponse(data, content_type=renderer_for(fmt).content_type)
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(files.filename(handbook, fmt))}"
    )
    return response


@login_required
@require_GET
def handbook_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    handbook = selectors.handbook_detail(user=request.user, pk=pk)
    return file_response(request=request, handbook=handbook, fmt=fmt)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The enterprise user's own published handbooks (portal)."""
    if jurisdiction_of(request.user).enterprise_id is None:
        raise Http404("enterprise users only")
    handbooks = list(selectors.own_published(user=request.user))
    measures = {h.pk: selectors.handbook_measures(handbook=h) for h in handbooks}
    return render(
        request,
        "handbooks/mine.html",
        {"handbooks": [(h, content_load(h.content), measures[h.pk]) for h in handbooks]},
    )
