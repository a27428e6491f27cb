"""Enterprise accounts: bureau and colleague invitations, self-registration and its review."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.models import (
    EnterpriseInvitation,
    EnterpriseRegistration,
    Organisation,
    Role,
    User,
)
from qstrong.core.models import AuditEvent
from qstrong.core.security import Kind, security_record
from qstrong.core.services import audit_record

INVITATION_DAYS = 7
USER_TYPE = "accounts.user"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def can_invite_enterprise(user: Any, enterprise: Any) -> bool:
    """Officers whose jurisdiction covers the enterprise (not leaders, not administrators)."""
    jurisdiction = jurisdiction_of(user)
    return (
        getattr(user, "role", "") in OFFICER_ROLES
        and jurisdiction.can_write
        and jurisdiction.covers_region(enterprise.region_id)
    )


def is_enterprise_admin_of(user: Any, enterprise_id: int) -> bool:
    return bool(
        getattr(user, "is_enterprise_admin", False)
        and jurisdiction_of(user).enterprise_id == enterprise_id
    )


def invitation_create(
    *, enterprise: Any, actor: Any, email: str = "", now: dt.datetime | None = None
) -> tuple[EnterpriseInvitation, str]:
    """A one-time link for the enterprise; returns the row and the raw token (shown once)."""
    if can_invite_enterprise(actor, enterprise):
        kind = EnterpriseInvitation.Kind.BUREAU
    elif is_enterprise_admin_of(actor, enterprise.pk):
        kind = EnterpriseInvitation.Kind.COLLEAGUE
    else:
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    now = now or timezone.now()
    invitation = EnterpriseInvitation.objects.create(
        kind=kind,
        enterprise=enterprise,
        email=email,
        token_hash=_hash(token),
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        created_by=actor,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        object_type="accounts.enterpriseinvitation",
        object_id=str(invitation.pk),
        object_repr=enterprise.name,
        changes={"kind": [None, kind], "email": [None, email]},
    )
    return invitation, token


def invitation_for_token(*, token: str, now: dt.datetime | None = None) -> EnterpriseInvitation:
    """The open invitation for a token; ValidationError (Chinese) when unknown, used or expired."""
    invitation = (
        EnterpriseInvitation.objects.select_related("enterprise")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError(_("邀请链接无效。"), code="unknown")
    if invitation.used_at is not None:
        raise ValidationError(_("该邀请链接已被使用，每个链接只能使用一次。"), code="used")
    if (now or timezone.now()) > invitation.expires_at:
        raise ValidationError(_("该邀请链接已过期，请联系邀请人重新发送。"), code="expired")
    return invitation


def _enterprise_org(enterprise: Any) -> Organisation:
    org = Organisation.objects.filter(enterprise=enterprise).first()
    if org is None:
        org = Organisation.objects.create(
            name=enterprise.name, kind=Organisation.Kind.ENTERPRISE, enterprise=enterprise
        )
    return org


def _new_user(
    *, enterprise: Any, username: str, display_name: str, email: str, password: str | None,
    encoded: str | None = None,
) -> User:  # fmt: skip
    username = username.strip()
    if not username:
        raise ValidationError({"username": [_("请填写用户名。")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("用户名“%(name)s”已被使用。") % {"name": username}]})
    org = _enterprise_org(enterprise)
    first = not User.objects.filter(organisation=org, is_active=True).exists()
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=email,
        organisation=org,
        role=Role.ENTERPRISE_USER,
        is_enterprise_admin=first,
    )
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
        user.set_password(password)
    else:
        user.password = encoded or ""
    user.save()
    return user


@transaction.atomic
def invitation_accept(
    *, token: str, username: str, display_name: str, password: str, email: str = "",
    now: dt.datetime | None = None,
) -> User:  # fmt: skip
    """Create the account the link was for; the link is then spent."""
    invitation = invitation_for_token(token=token, now=now)
    invitation = EnterpriseInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError(_("该邀请链接已被使用，每个链接只能使用一次。"), code="used")
    user = _new_user(
        enterprise=invitation.enterprise,
        username=username,
        display_name=display_name,
        email=email or invitation.email,
        password=password,
    )
    invitation.used_at, invitation.used_by = now or timezone.now(), user
    invitation.save(update_fields=["used_at", "used_by"])
    audit_record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        object_type=USER_TYPE,
        object_id=str(user.pk),
        object_repr=user.username,
        changes={"role": [None, user.role], "invitation": [None, invitation.pk]},
    )
    return user


@transaction.atomic
def registration_submit(*, data: dict[str, str]) -> EnterpriseRegistration:
    """An enterprise asks for an account; it must be in the registry under that USCC and name."""
    from qstrong.registry.models import Enterprise

    uscc = data.get("uscc", "").strip().upper()
    enterprise = Enterprise.objects.filter(uscc=uscc, archived_at__isnull=True).first()
    if enterprise is None or enterprise.name != data.get("name", "").strip():
        raise ValidationError(
            {
                "uscc": [
                    _(
                        "企业名录中没有该统一社会信用代码与名称的企业，请核对或联系所在县市场监管局。"
                    )
                ]
            }
        )
    username = data.get("username", "").strip()
    if User.objects.filter(username__iexact=username).exists() or (
        EnterpriseRegistration.objects.filter(
            username__iexact=username, state=EnterpriseRegistration.State.PENDING
        ).exists()
    ):
        raise ValidationError({"username": [_("用户名“%(name)s”已被使用。") % {"name": username}]})
    probe = User(username=username, display_name=data.get("legal_rep", ""))
    try:
        validate_password(data.get("password", ""), probe)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    registration = EnterpriseRegistration(
        uscc=uscc,
        name=enterprise.name,
        legal_rep=data.get("legal_rep", "").strip(),
        phone=data.get("phone", "").strip(),
        email=data.get("email", "").strip(),
        username=username,
        password=make_password(data.get("password", "")),
        enterprise=enterprise,
    )
    registration.full_clean()
    registration.save()
    return registration


def registrations_visible(*, user: Any) -> Any:
    """Registrations of enterprises in the officer's jurisdiction."""
    jurisdiction = jurisdiction_of(user)
    if getattr(user, "role", "") not in OFFICER_ROLES or jurisdiction.region_prefix is None:
        return EnterpriseRegistration.objects.none()
    qs = EnterpriseRegistration.objects.select_related("enterprise", "decided_by")
    if jurisdiction.region_prefix:
        qs = qs.filter(enterprise__region__code__startswith=jurisdiction.region_prefix)
    return qs


@transaction.atomic
def registration_decide(
    *, registration: EnterpriseRegistration, actor: Any, approve: bool, reason: str = ""
) -> EnterpriseRegistration:
    """Approve (the account is created) or reject (a reason is required)."""
    registration = EnterpriseRegistration.objects.select_for_update().get(pk=registration.pk)
    if not can_invite_enterprise(actor, registration.enterprise):
        raise PermissionDenied
    if registration.state != EnterpriseRegistration.State.PENDING:
        raise ValidationError(_("该申请已审核，不能重复处理。"), code="decided")
    if not approve and not reason.strip():
        raise ValidationError({"reason": [_("请填写未通过的原因。")]})
    if approve:
        registration.user = _new_user(
            enterprise=registration.enterprise,
            username=registration.username,
            display_name=registration.legal_rep,
            email=registration.email,
            password=None,
            encoded=registration.password,
        )
        registration.state = EnterpriseRegistration.State.APPROVED
    else:
        registration.state = EnterpriseRegistration.State.REJECTED
        registration.reason = reason.strip()[:500]
    registration.decided_by, registration.decided_at = actor, timezone.now()
    registration.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        object_type="accounts.enterpriseregistration",
        object_id=str(registration.pk),
        object_repr=registration.name,
        changes={"state": ["pending", registration.state], "reason": ["", registration.reason]},
    )
    if registration.user is not None:
        security_record(
            kind=Kind.PERMISSION_CHANGED,
            actor=actor,
            object_type=USER_TYPE,
            object_id=str(registration.user.pk),
            detail={"user": registration.username, "role": [None, Role.ENTERPRISE_USER]},
        )
    return registration


def colleague_set_active(*, colleague: User, active: bool, actor: Any) -> User:
    """The enterprise's administrator disables (or enables again) a colleague's account."""
    enterprise_id = jurisdiction_of(actor).enterprise_id
    if (
        enterprise_id is None
        or not is_enterprise_admin_of(actor, enterprise_id)
        or colleague.organisation is None
        or colleague.organisation.enterprise_id != enterprise_id
    ):
        raise PermissionDenied
    if colleague.pk == actor.pk:
        raise ValidationError(_("不能停用自己的账户。"), code="self")
    if colleague.is_active != active:
        User.objects.filter(pk=colleague.pk).update(is_active=active)
        colleague.is_active = active
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            object_type=USER_TYPE,
            object_id=str(colleague.pk),
            object_repr=colleague.username,
            changes={"is_active": [not active, active]},
        )
        security_record(
            kind=Kind.PERMISSION_CHANGED,
            actor=actor,
            object_type=USER_TYPE,
            object_id=str(colleague.pk),
            detail={"user": colleague.username, "is_active": [not active, active]},
        )
    return colleague
