"""Login, logout and the interface-language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from qstrong.accounts.forms import LoginForm
from qstrong.accounts.models import Role
from qstrong.accounts.policy import rate_limited, too_many_requests
from qstrong.accounts.services import user_language_set
from qstrong.core.security import Kind, security_record

LANGUAGE_SESSION_KEY = "qstrong_language"

# Where each role starts: enterprises in their portal, leadership on the figures, officers on
# the registry they keep.
HOME_BY_ROLE: dict[str, str] = {
    Role.ENTERPRISE_USER: "portal:home",
    Role.LEADER: "insights:overview",
    Role.SECURITY_ADMIN: "admin:index",
    Role.AUDIT_ADMIN: "audit:trail",
}


@never_cache
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    role = getattr(request.user, "role", "")
    return redirect(HOME_BY_ROLE.get(role, "registry:enterprise_list"))


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "POST" and rate_limited(request, scope="login", per_account=True):
        return too_many_requests(request)
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)
        # The user's saved language follows them from browser to browser.
        request.session[LANGUAGE_SESSION_KEY] = form.user.language
        return HttpResponseRedirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "lockout_failures": settings.QSTRONG_LOCKOUT_FAILURES,
            "lockout_minutes": settings.QSTRONG_LOCKOUT_MINUTES,
            "idle_minutes": settings.QSTRONG_IDLE_TIMEOUT_SECONDS // 60,
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        security_record(
            kind=Kind.LOGOUT,
            request=request,
            object_type="accounts.user",
            object_id=str(request.user.pk),
        )
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie and redirect), plus the choice saved on the user."""
    language = request.POST.get("language", "")
    if language in {code for code, _name in settings.LANGUAGES}:
        user_language_set(user=request.user, language=language)
        request.session[LANGUAGE_SESSION_KEY] = language
    return set_language(request)
