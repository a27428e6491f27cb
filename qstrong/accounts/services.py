"""Writes about accounts: login attempts with lockout, and the user's interface language."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.models import User
from qstrong.core.models import AuditEvent
from qstrong.core.security import Kind, Outcome, security_record
from qstrong.core.services import audit_record

USER_TYPE = "accounts.user"


@dataclass(frozen=True)
class LoginOutcome:
    """What a login attempt did: the user on success, else why not (a message for the form)."""

    user: User | None
    locked: bool = False
    error: str = ""


def locked_message(*, until: Any) -> str:
    remaining = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return _("账户已锁定，请 %(minutes)s 分钟后再试") % {"minutes": remaining}


@transaction.atomic
def login_attempt(*, request: HttpRequest | None, username: str, password: str) -> LoginOutcome:
    """Check a username and password, counting failures and locking the account after too many.

    After settings.QSTRONG_LOCKOUT_FAILURES consecutive failures the account is locked for
    settings.QSTRONG_LOCKOUT_MINUTES; while locked even the right password is refused.
    Every attempt is in the audit trail (LOGIN, LOGIN_FAILED, LOCKED).
    """
    username = (username or "").strip()
    now = timezone.now()
    account = User.objects.select_for_update().filter(username=username).first()
    if account is not None and account.locked_until and account.locked_until > now:
        audit_record(
            actor=None,
            action=AuditEvent.Action.LOGIN_FAILED,
            object_type=USER_TYPE,
            object_id=str(account.pk),
            object_repr=account.username,
            note="locked",
        )
        security_record(
            kind=Kind.LOGIN_FAILED,
            outcome=Outcome.DENIED,
            request=request,
            actor=None,
            username=account.username,
            object_type=USER_TYPE,
            object_id=str(account.pk),
            detail={"reason": "locked"},
        )
        return LoginOutcome(
            user=None, locked=True, error=locked_message(until=account.locked_until)
        )

    user = authenticate(request, username=username, password=password)
    if user is not None:
        if account is not None and (account.failed_logins or account.locked_until):
            User.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
            user.failed_logins, user.locked_until = 0, None
        audit_record(
            actor=user,
            action=AuditEvent.Action.LOGIN,
            object_type=USER_TYPE,
            object_id=str(user.pk),
            object_repr=user.username,
        )
        security_record(
            kind=Kind.LOGIN,
            request=request,
            actor=user,
            object_type=USER_TYPE,
            object_id=str(user.pk),
        )
        return LoginOutcome(user=user)

    generic = _("用户名或密码不正确。")
    if account is None:
        audit_record(
            actor=None,
            action=AuditEvent.Action.LOGIN_FAILED,
            object_type=USER_TYPE,
            object_id=username[:64],
            object_repr=username,
            note="unknown user",
        )
        security_record(
            kind=Kind.LOGIN_FAILED,
            outcome=Outcome.FAILURE,
            request=request,
            actor=None,
            username=username,
            detail={"reason": "unknown user"},
        )
        return LoginOutcome(user=None, error=generic)

    failures = account.failed_logins + 1
    audit_record(
        actor=None,
        action=AuditEvent.Action.LOGIN_FAILED,
        object_type=USER_TYPE,
        object_id=str(account.pk),
        object_repr=account.username,
        changes={"failed_logins": [account.failed_logins, failures]},
    )
    security_record(
        kind=Kind.LOGIN_FAILED,
        outcome=Outcome.FAILURE,
        request=request,
        actor=None,
        username=account.username,
        object_type=USER_TYPE,
        object_id=str(account.pk),
        detail={"reason": "wrong password", "failures": failures},
    )
    if failures >= settings.QSTRONG_LOCKOUT_FAILURES:
        until = now + timedelta(minutes=settings.QSTRONG_LOCKOUT_MINUTES)
        User.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=until)
        audit_record(
            actor=None,
            action=AuditEvent.Action.LOCKED,
            object_type=USER_TYPE,
            object_id=str(account.pk),
            object_repr=account.username,
            changes={"locked_until": [None, until.isoformat()]},
            note=f"{failures} failed logins",
        )
        security_record(
            kind=Kind.LOCKED,
            outcome=Outcome.DENIED,
            request=request,
            actor=None,
            username=account.username,
            object_type=USER_TYPE,
            object_id=str(account.pk),
            detail={"until": until.isoformat(), "failures": failures},
        )
        return LoginOutcome(user=None, locked=True, error=locked_message(until=until))
    User.objects.filter(pk=account.pk).update(failed_logins=failures)
    return LoginOutcome(user=None, error=generic)


def role_change_refusal(*, actor: Any, user: Any) -> str:
    """Why `actor` may not change `user`'s role ("" when allowed): 三权分立, no self-grant."""
    from qstrong.accounts.permissions import is_security_admin

    if not is_security_admin(actor):
        return _("只有安全管理员可以分配角色。")
    if user.pk is not None and user.pk == actor.pk:
        return _("不能修改自己账户的角色。")
    return ""


def user_role_set(*, user: User, role: str, actor: Any, request: HttpRequest | None = None) -> User:
    """The security administrator gives another account a role; audited under both trails."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from qstrong.accounts.models import Role

    refusal = role_change_refusal(actor=actor, user=user)
    if refusal:
        security_record(
            kind=Kind.PERMISSION_CHANGED,
            outcome=Outcome.DENIED,
            request=request,
            actor=actor,
            object_type=USER_TYPE,
            object_id=str(user.pk),
            detail={"user": user.username, "role": [user.role, role]},
        )
        raise PermissionDenied(refusal)
    if role and role not in Role.values:
        raise ValidationError({"role": [_("未知角色：%(role)s") % {"role": role}]})
    before = user.role
    if before == role:
        return user
    with transaction.atomic():
        _role_write(user=user, before=before, role=role, actor=actor, request=request)
    return user


def _role_write(*, user: User, before: str, role: str, actor: Any, request: Any) -> None:
    User.objects.filter(pk=user.pk).update(role=role)
    user.role = role
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        object_type=USER_TYPE,
        object_id=str(user.pk),
        object_repr=user.username,
        changes={"role": [before, role]},
        note="role",
    )
    security_record(
        kind=Kind.PERMISSION_CHANGED,
        request=request,
        actor=actor,
        object_type=USER_TYPE,
        object_id=str(user.pk),
        detail={"user": user.username, "role": [before, role]},
    )


def user_language_set(*, user: Any, language: str) -> None:
    """Remember a logged-in user's interface language (one of settings.LANGUAGES)."""
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValueError(f"unknown language {language!r}")
    if user is not None and getattr(user, "is_authenticated", False) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
