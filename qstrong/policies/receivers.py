"""Policies follow the registry: its announcements (registry/signals.py) start re-matching."""

from __future__ import annotations

from typing import Any

from qstrong.policies.matching.triggers import (
    enterprise_rematch_after_commit,
    full_run_after_commit,
)
from qstrong.policies.pushing import push_regions_follow


def on_enterprise_changed(*, enterprise_id: int, **_: Any) -> None:
    """One enterprise changed: its pushes follow its region at once (in the same transaction),
    and it is re-matched once the change is committed."""
    push_regions_follow(enterprise_id=enterprise_id)
    enterprise_rematch_after_commit(enterprise_id=enterprise_id)


def on_registry_imported(*, actor: Any = None, **_: Any) -> None:
    """An import changed many enterprises: pushes follow moved enterprises (one statement),
    then one full run after the commit, not one per row."""
    push_regions_follow()
    full_run_after_commit(actor=actor)
