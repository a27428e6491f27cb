"""The province's page for what shapes every handbook: the standard measure library (add, edit,
retire per kind and category) and each kind's sections (which, in which order)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from qstrong.handbooks import selectors, services_library
from qstrong.handbooks.library import CATEGORIES
from qstrong.handbooks.models import Kind, MeasureTemplate


def _province_or_404(request: HttpRequest) -> None:
    """Anyone but the province's compilers: as absent as a missing page."""
    if not selectors.can_compile(request.user):
        raise Http404("the province's page")


def _kind_or_404(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404("kind")
    return kind


def _back(kind: str, anchor: str = "") -> HttpResponse:
    return redirect(f"{reverse('handbooks:library')}?kind={kind}{anchor}")


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for errs in exc.message_dict.values():
        for err in errs:
            messages.error(request, err)


@login_required
@require_GET
def library_page(request: HttpRequest) -> HttpResponse:
    _province_or_404(request)
    kind = request.GET.get("kind") or Kind.ENTERPRISE
    _kind_or_404(kind)
    return render(
        request,
        "handbooks/library.html",
        {
            "kind": kind,
            "kinds": Kind.choices,
            "categories": CATEGORIES[kind],
            "groups": selectors.library_by_category(kind=kind),
            "sections": selectors.section_rows(kind=kind),
        },
    )


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except ValueError:
        return -1  # refused by the service with a message naming the field


@login_required
@require_POST
def library_measure_save(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    _province_or_404(request)
    _kind_or_404(kind)
    template = None
    if pk is not None:
        template = MeasureTemplate.objects.filter(kind=kind, pk=pk).first()
        if template is None:
            raise Http404("measure template")
    data = services_library.TemplateData(
        category=request.POST.get("category", "").strip(),
        text=request.POST.get("text", ""),
        sort_order=_int(request.POST.get("sort_order"), template.sort_order if template else 0),
    )
    try:
        saved = services_library.measure_template_save(
            kind=kind, data=data, actor=request.user, template=template
        )
    except ValidationError as exc:
        _errors(request, exc)
        return _back(kind)
    messages.success(request, _("标准举措已保存。"))
    return _back(kind, f"#tpl-{saved.pk}")


@login_required
@require_POST
def library_measure_active(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _province_or_404(request)
    template = MeasureTemplate.objects.filter(kind=_kind_or_404(kind), pk=pk).first()
    if template is None:
        raise Http404("measure template")
    active = request.POST.get("active") == "1"
    services_library.measure_template_set_active(
        template=template, active=active, actor=request.user
    )
    messages.success(request, _("已恢复启用。") if active else _("已停用；新编手册不再可选。"))
    return _back(kind, f"#tpl-{template.pk}")


@login_required
@require_POST
def library_sections_save(request: HttpRequest, kind: str) -> HttpResponse:
    """The shown sections, sorted by the order each row was given (ties keep the page's order)."""
    _province_or_404(request)
    _kind_or_404(kind)
    shown = set(request.POST.getlist("shown"))
    rows = request.POST.getlist("key")
    ranked = sorted(
        (
            (_int(request.POST.get(f"order-{key}"), index + 1), index, key)
            for index, key in enumerate(rows)
            if key in shown
        )
    )
    try:
        services_library.section_layout_save(
            kind=kind, sections=[key for _order, _index, key in ranked], actor=request.user
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("章节设置已保存；新生成的手册按此顺序编排。"))
    return _back(kind, "#sections")
