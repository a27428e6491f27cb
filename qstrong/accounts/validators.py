"""Password complexity required by the level-3 (等保三级) assessment."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


class ComplexityValidator:
    """At least three of: lower case, upper case, digits, symbols."""

    def validate(self, password: str, user: Any = None) -> None:
        classes = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"]
        if sum(1 for pattern in classes if re.search(pattern, password)) < 3:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少三类。"),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号中的至少三类。")


class PasswordHistoryValidator:
    """Not the current password nor one of the last QSTRONG_PASSWORD_HISTORY (5) passwords.

    Django calls password_changed() whenever a user's password is saved: that is where the
    history and the password's date are kept, for every way a password is set.
    """

    def _count(self) -> int:
        return int(getattr(settings, "QSTRONG_PASSWORD_HISTORY", 5))

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        from qstrong.accounts.models import PasswordHistory

        recent = list(
            PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[
                : self._count()
            ]
        )
        stored = (
            get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        )
        if stored:
            recent.append(stored)
        if any(check_password(password, encoded) for encoded in recent if encoded):
            raise ValidationError(
                _("新密码不能与最近 %(count)d 次使用过的密码相同。") % {"count": self._count()},
                code="password_reused",
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        from qstrong.accounts.models import PasswordHistory

        now = timezone.now()
        PasswordHistory.objects.create(user_id=user.pk, password=user.password, created_at=now)
        get_user_model().objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now
        keep = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[
            : self._count()
        ]
        PasswordHistory.objects.filter(user_id=user.pk).exclude(pk__in=list(keep)).delete()

    def get_help_text(self) -> str:
        return _("不能与最近 %(count)d 次使用过的密码相同。") % {"count": self._count()}
