"""Enterprise records by hand: the new-enterprise page and the edit page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qstrong.accounts.permissions import can_create_enterprise, can_edit_enterprise
from qstrong.registry import selectors
from qstrong.registry.editing import enterprise_save
from qstrong.registry.forms_enterprise import EnterpriseEditor
from qstrong.registry.models import Enterprise
from qstrong.registry.views.common import render_page

TEMPLATE = "registry/enterprises/form.html"


def _save(request: HttpRequest, editor: EnterpriseEditor) -> Enterprise | None:
    """Validate and save; the enterprise, or None with the errors on the form."""
    if not editor.is_valid():
        return None
    form, enterprise = editor.form, editor.enterprise
    uscc = enterprise.uscc if enterprise is not None else form.cleaned_data["uscc"]
    try:
        saved, outcome = enterprise_save(
            uscc=uscc,
            data=form.enterprise_data(),
            chains=editor.chain_rows(),
            towns=editor.town_rows(),
            actor=request.user,
            create=enterprise is None,
        )
    except ValidationError as exc:
        form.apply_errors(exc)
        return None
    except PermissionDenied:
        # The form checks the region; this is the services' last word on the jurisdiction.
        form.add_error("region" if "region" in form.fields else None, _("不在您的辖区"))
        return None
    if outcome == "created":
        messages.success(request, _("已新增企业“%(name)s”。") % {"name": saved.name})
    elif outcome == "updated":
        messages.success(request, _("已保存“%(name)s”的修改。") % {"name": saved.name})
    else:
        messages.info(request, _("没有修改任何内容。"))
    return saved


def _render(request: HttpRequest, editor: EnterpriseEditor, **context: Any) -> HttpResponse:
    return render_page(request, TEMPLATE, {"editor": editor, "form": editor.form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    if not can_create_enterprise(request.user):
        raise PermissionDenied("read-only role")
    editor = EnterpriseEditor(request.POST or None, user=request.user)
    if request.method == "POST" and (saved := _save(request, editor)) is not None:
        return redirect("registry:enterprise_detail", pk=saved.pk)
    return _render(request, editor)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # Outside the jurisdiction the record does not exist for the user (404); a leader sees it
    # but may not change it (403).
    try:
        enterprise = selectors.enterprise_detail(user=request.user, pk=pk)
    except Enterprise.DoesNotExist as exc:
        raise Http404("no such enterprise in the user's jurisdiction") from exc
    if not can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied("read-only role")
    if enterprise.archived_at is not None:
        messages.info(request, _("已归档的企业不能编辑，请先恢复。"))
        return redirect("registry:enterprise_detail", pk=enterprise.pk)
    editor = EnterpriseEditor(request.POST or None, user=request.user, enterprise=enterprise)
    if request.method == "POST" and (saved := _save(request, editor)) is not None:
        return redirect("registry:enterprise_detail", pk=saved.pk)
    return _render(request, editor, enterprise=enterprise)
