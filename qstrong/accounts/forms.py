"""The login form: username and password, checked by services.login_attempt."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from qstrong.accounts.models import User
from qstrong.accounts.services import login_attempt


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.locked = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            outcome = login_attempt(request=self.request, username=username, password=password)
            if outcome.user is None:
                self.locked = outcome.locked
                raise forms.ValidationError(
                    outcome.error, code="locked" if outcome.locked else "invalid"
                )
            self.user = outcome.user
        return cleaned
