"""Policies follow the registry: its announcements (registry/signals.py) start re-matching."""

from __future__ import annotations

from typing import Any

from qstrong.policies.matching.triggers import (
    enterprise_rematch_after_commit,
    full_run_after_commit,
)


def on_enterprise_changed(*, enterprise_id: int, **_: Any) -> None:
    """One enterprise changed: re-match it once the change is committed."""
    enterprise_rematch_after_commit(enterprise_id=enterprise_id)


def on_registry_imported(*, actor: Any = None, **_: Any) -> None:
    """An import changed many enterprises: one full run after the commit, not one per row."""
    full_run_after_commit(actor=actor)
