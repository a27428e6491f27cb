"""The registers' files: export what the user may see; import with every bad row named."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods

from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.nqi.files import ImportOutcome, register_by_name, register_export, register_import
from qstrong.nqi.registers import REGISTERS
from qstrong.nqi.views.common import require_officer_view, require_record
from qstrong.registry.views.common import render_page

MAX_BYTES = 20 * 1024 * 1024
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def export(request: HttpRequest, register: str, fmt: str) -> HttpResponse:
    require_officer_view(request)
    found = register_by_name(register)
    if found is None or fmt not in CONTENT_TYPES:
        raise Http404("no such register or format")
    content = register_export(register=found, user=request.user, fmt=fmt)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        object_type=f"nqi.{register}",
        object_id=register,
        object_repr=f"{register}.{fmt}",
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="nqi-{register}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    require_officer_view(request)
    outcome: ImportOutcome | None = None
    status = 200
    if request.method == "POST":
        require_record(request)
        found = register_by_name(request.POST.get("register", ""))
        upload = request.FILES.get("file")
        if found is None or upload is None:
            status = 422
            outcome = ImportOutcome(register="", refused="请选择登记簿和文件")
        elif upload.size and upload.size > MAX_BYTES:
            status = 422
            outcome = ImportOutcome(register=found.name, refused="文件超过 20 MB")
        else:
            outcome = register_import(
                register=found,
                filename=upload.name or "upload",
                content=upload.read(),
                user=request.user,
                language=translation.get_language() or "zh-hans",
            )
            status = 200 if outcome.committed else 422
    return render_page(
        request,
        "nqi/import.html",
        {"registers": REGISTERS.values(), "outcome": outcome},
        status=status,
    )
