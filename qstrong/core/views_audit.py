"""The audit administrator's page: search the security trail, export it (xlsx / csv)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from qstrong.accounts.permissions import is_audit_admin
from qstrong.core.audit_trail import TrailFilter, trail_csv, trail_search, trail_xlsx
from qstrong.core.models import SecurityEvent
from qstrong.core.security import Kind, security_record

PER_PAGE = 50


class TrailFilterForm(forms.Form):
    start = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label=_("事件"), required=False, choices=[("", _("全部")), *SecurityEvent.Kind.choices]
    )
    outcome = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", _("全部")), *SecurityEvent.Outcome.choices]
    )
    q = forms.CharField(label=_("用户名 / 地址 / 对象"), required=False, max_length=100)

    def criteria(self) -> TrailFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return TrailFilter(
            start=data.get("start"),
            end=data.get("end"),
            kind=data.get("kind", ""),
            outcome=data.get("outcome", ""),
            q=data.get("q", ""),
        )


def _require_audit_admin(request: HttpRequest) -> None:
    if not is_audit_admin(request.user):
        raise PermissionDenied


@login_required
@require_GET
def trail(request: HttpRequest) -> HttpResponse:
    _require_audit_admin(request)
    form = TrailFilterForm(request.GET or None)
    qs = trail_search(criteria=form.criteria())
    paginator = Paginator(qs, PER_PAGE)
    paginator.count  # noqa: B018 - one COUNT here, not one per template use
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_trail.html",
        {
            "form": form,
            "page_obj": page_obj,
            "page_range": paginator.get_elided_page_range(
                page_obj.number, on_each_side=2, on_ends=1
            ),
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def trail_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The search's rows as a file; the export is itself an event in the trail."""
    _require_audit_admin(request)
    form = TrailFilterForm(request.GET or None)
    criteria = form.criteria()
    qs = trail_search(criteria=criteria)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    security_record(
        kind=Kind.AUDIT_EXPORT,
        request=request,
        object_type="core.securityevent",
        detail={"format": fmt, "filter": {k: str(v) for k, v in vars(criteria).items() if v}},
    )
    if fmt == "csv":
        response = HttpResponse(trail_csv(qs), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            trail_xlsx(qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = content_disposition_header(
        True, f"security-audit-{stamp}.{fmt}"
    )
    return response


__all__ = ["trail", "trail_export"]
