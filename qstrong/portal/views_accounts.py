"""Enterprise accounts in the portal: invitations, self-registration, review, colleagues."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from qstrong.accounts import enterprise_accounts as accounts
from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.models import User
from qstrong.accounts.policy import rate_limited, too_many_requests
from qstrong.registry.selectors import enterprises_visible

REGISTRATION_FIELDS = ("uscc", "name", "legal_rep", "phone", "email", "username", "password")


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("all" if k == "__all__" else k): [str(m) for e in v for m in e.messages]
            for k, v in exc.error_dict.items()
        }
    return {"all": [str(m) for m in exc.messages]}


def _link(request: HttpRequest, token: str) -> str:
    path = reverse("portal:join", args=[token])
    base = str(getattr(settings, "QSTRONG_SITE_URL", "")).rstrip("/")
    return base + path if base else request.build_absolute_uri(path)


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the invited person creates the account; the link then stops working."""
    try:
        invitation = accounts.invitation_for_token(token=token)
    except ValidationError as exc:
        return render(request, "portal/join.html", {"invalid": exc.messages[0]}, status=410)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if rate_limited(request, scope="password"):
            return too_many_requests(request)
        try:
            accounts.invitation_accept(
                token=token,
                username=request.POST.get("username", ""),
                display_name=request.POST.get("display_name", ""),
                password=request.POST.get("password", ""),
                email=request.POST.get("email", ""),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("账户已创建，请登录。"))
            return redirect("accounts:login")
    return render(
        request,
        "portal/join.html",
        {"invitation": invitation, "errors": errors, "data": request.POST},
    )


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Public: an enterprise asks for an account; its county bureau reviews it."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if rate_limited(request, scope="password"):
            return too_many_requests(request)
        try:
            accounts.registration_submit(
                data={k: request.POST.get(k, "") for k in REGISTRATION_FIELDS}
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return render(request, "portal/register.html", {"submitted": True})
    return render(request, "portal/register.html", {"errors": errors, "data": request.POST})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    """An officer invites an enterprise of the jurisdiction by its USCC; the link is shown once."""
    link, error = "", ""
    if request.method == "POST":
        uscc = request.POST.get("uscc", "").strip().upper()
        enterprise = enterprises_visible(user=request.user).filter(uscc=uscc).first()
        if enterprise is None:
            error = _("辖区企业名录中没有统一社会信用代码为 %(uscc)s 的企业。") % {"uscc": uscc}
        elif not accounts.can_invite_enterprise(request.user, enterprise):
            raise PermissionDenied
        else:
            _invitation, token = accounts.invitation_create(
                enterprise=enterprise, actor=request.user, email=request.POST.get("email", "")
            )
            link = _link(request, token)
    elif (
        not jurisdiction_of(request.user).can_write
        or jurisdiction_of(request.user).enterprise_id is not None
    ):
        raise PermissionDenied
    return render(request, "portal/invite.html", {"link": link, "error": error})


@login_required
def registrations(request: HttpRequest) -> HttpResponse:
    if (
        not jurisdiction_of(request.user).can_write
        or getattr(request.user, "role", "") == "enterprise_user"
    ):
        raise PermissionDenied
    qs = accounts.registrations_visible(user=request.user)
    return render(
        request,
        "portal/registrations.html",
        {
            "pending": list(qs.filter(state="pending")[:200]),
            "done": list(qs.exclude(state="pending")[:50]),
        },
    )


@login_required
@require_POST
def registration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    registration = accounts.registrations_visible(user=request.user).filter(pk=pk).first()
    if registration is None:
        raise Http404("no such registration")
    approve = request.POST.get("decision") == "approve"
    try:
        accounts.registration_decide(
            registration=registration,
            actor=request.user,
            approve=approve,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in _errors(exc).values() for m in ms))
    else:
        messages.success(request, _("已通过，企业账户已开通。") if approve else _("已退回申请。"))
    return redirect("portal:registrations")


def _own_admin(request: HttpRequest) -> int:
    enterprise_id = jurisdiction_of(request.user).enterprise_id
    if enterprise_id is None or not accounts.is_enterprise_admin_of(request.user, enterprise_id):
        raise PermissionDenied
    return enterprise_id


@login_required
@require_http_methods(["GET", "POST"])
def colleagues(request: HttpRequest) -> HttpResponse:
    """The enterprise administrator's colleagues: invite (a one-time link), disable, enable."""
    enterprise_id = _own_admin(request)
    link = ""
    if request.method == "POST":
        enterprise = enterprises_visible(user=request.user).get(pk=enterprise_id)
        _invitation, token = accounts.invitation_create(
            enterprise=enterprise, actor=request.user, email=request.POST.get("email", "")
        )
        link = _link(request, token)
    people = User.objects.filter(organisation__enterprise_id=enterprise_id).order_by("username")
    return render(request, "portal/colleagues.html", {"people": people, "link": link})


@login_required
@require_POST
def colleague_active(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise_id = _own_admin(request)
    colleague = User.objects.filter(pk=pk, organisation__enterprise_id=enterprise_id).first()
    if colleague is None:
        raise Http404("no such colleague")
    try:
        accounts.colleague_set_active(
            colleague=colleague, active=request.POST.get("active") == "1", actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:colleagues")
