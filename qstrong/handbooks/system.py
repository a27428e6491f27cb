"""The system as an actor (command line, demo): an unsaved administrator, recorded as nobody."""

from __future__ import annotations

from typing import Any

from qstrong.accounts.models import User


def system_actor() -> Any:
    """Acts as the province with every right; never saved, so audit rows name no one."""
    return User(username="qstrong-system", is_superuser=True, is_active=True)
