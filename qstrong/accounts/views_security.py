"""Second factor (TOTP set-up and verification) and the password change that ends every session."""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from qstrong.accounts.middleware import SECOND_FACTOR_KEY
from qstrong.accounts.policy import rate_limited, too_many_requests
from qstrong.accounts.views import _safe_next
from qstrong.core.security import Kind, Outcome, security_record

DEVICE_NAME = "TOTP"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("6 位动态口令"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


def _verify(request: HttpRequest, device: TOTPDevice, form: TokenForm) -> bool:
    token = form.cleaned_data["token"].strip()
    if device.verify_token(token):
        otp_login(request, device)
        return True
    form.add_error("token", _("动态口令不正确或已过期，请重新输入。"))
    security_record(
        kind=Kind.OTP_FAILED,
        outcome=Outcome.FAILURE,
        request=request,
        object_type="accounts.user",
        object_id=str(request.user.pk),
    )
    return False


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: scan the QR code, confirm with a first code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _verify(request, device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        request.session[SECOND_FACTOR_KEY] = "verify"
        security_record(
            kind=Kind.OTP_SETUP,
            request=request,
            object_type="accounts.user",
            object_id=str(user.pk),
        )
        messages.success(request, _("动态口令已绑定，今后登录时需输入。"))
        return HttpResponseRedirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, omitsize=False),
            "secret": _b32(device),
            "next": request.GET.get("next", ""),
        },
    )


def _b32(device: TOTPDevice) -> str:
    import base64

    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, scope="password"):
            return too_many_requests(request)
        if form.is_valid() and _verify(request, device, form):
            security_record(
                kind=Kind.OTP_VERIFIED,
                request=request,
                object_type="accounts.user",
                object_id=str(request.user.pk),
            )
            return HttpResponseRedirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change the password (history and complexity checked); then every session ends."""
    form = PasswordChangeForm(request.user, request.POST or None)  # type: ignore[arg-type]
    if request.method == "POST":
        if rate_limited(request, scope="password"):
            return too_many_requests(request)
        if form.is_valid():
            form.save()
            security_record(
                kind=Kind.PASSWORD_CHANGED,
                request=request,
                object_type="accounts.user",
                object_id=str(request.user.pk),
            )
            # The new password hash invalidates every other session; this one ends too.
            logout(request)
            messages.success(request, _("密码已修改，所有登录会话均已结束，请用新密码重新登录。"))
            return redirect("accounts:login")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "max_age": settings.QSTRONG_PASSWORD_MAX_AGE_DAYS},
    )
