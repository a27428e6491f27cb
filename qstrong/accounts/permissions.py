"""What a role may do, beyond what its jurisdiction lets it see."""

from __future__ import annotations

from typing import Any

from qstrong.accounts.jurisdiction import OFFICER_ROLES, jurisdiction_of
from qstrong.accounts.models import Role


def is_admin(user: Any) -> bool:
    """The system administrator (users, organisations, settings; business data as before)."""
    return bool(user.is_superuser or getattr(user, "role", "") == Role.ADMIN)


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_security_admin(user: Any) -> bool:
    """Roles, lockout, password and second-factor policy; never business data or the trail."""
    return _active(user) and getattr(user, "role", "") == Role.SECURITY_ADMIN


def is_audit_admin(user: Any) -> bool:
    """Reads, searches and exports the security trail; changes nothing else.

    A superuser is not an audit administrator: the trail is read by the audit role only.
    """
    return _active(user) and getattr(user, "role", "") == Role.AUDIT_ADMIN


def can_import(user: Any) -> bool:
    """Officers and administrators import; leaders read only, enterprises keep their own record."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_admin(user):
        return True
    return getattr(user, "role", "") in OFFICER_ROLES and jurisdiction_of(user).can_write


def can_archive(user: Any) -> bool:
    """Archiving an enterprise is the bureau's decision, not the enterprise's own."""
    return can_import(user)


# What an enterprise user may change on its own record: facts the enterprise itself knows and
# reports. Identity and classification (name, region, industry, scale), the government's
# recognitions and ratings (tags, credit rating) and the bureau's designations (chain and town
# memberships) stay with the officers; every self-service change is audited under the user.
ENTERPRISE_SELF_SERVICE_FIELDS = frozenset(
    {
        "established",
        "employees",
        "revenue",
        "registered_capital",
        "certifications",
        "standards_led",
        "patents",
        "contact_name",
        "contact_phone",
    }
)


# Of those, the contact details an enterprise user still changes directly: they decide nothing.
ENTERPRISE_DIRECT_FIELDS = frozenset({"contact_name", "contact_phone"})

# The rest decide eligibility, pushes and grants: an enterprise user asks for them in a change
# request with evidence, and they change only when an officer approves it (qstrong/changes).
ENTERPRISE_REQUEST_FIELDS = ENTERPRISE_SELF_SERVICE_FIELDS - ENTERPRISE_DIRECT_FIELDS


def can_create_enterprise(user: Any) -> bool:
    """Adding an enterprise to the registry: officers of a jurisdiction and administrators."""
    return can_import(user)


def can_edit_enterprise(user: Any, enterprise: Any) -> bool:
    """Officers whose jurisdiction covers it, administrators, and the enterprise itself."""
    if not getattr(user, "is_authenticated", False):
        return False
    jurisdiction = jurisdiction_of(user)
    if not jurisdiction.can_write:
        return False
    if jurisdiction.enterprise_id is not None:
        return bool(jurisdiction.enterprise_id == enterprise.pk)
    if not (is_admin(user) or getattr(user, "role", "") in OFFICER_ROLES):
        return False
    return jurisdiction.covers_region(enterprise.region_id)


def enterprise_editable_fields(user: Any, enterprise: Any) -> frozenset[str] | None:
    """The fields this user may change directly: None = all of them, incl. memberships.

    An enterprise user changes only its contact directly; the facts that decide eligibility go
    through a change request (ENTERPRISE_REQUEST_FIELDS).
    """
    if jurisdiction_of(user).enterprise_id is not None:
        return ENTERPRISE_DIRECT_FIELDS
    return None
