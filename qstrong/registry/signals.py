"""What the registry announces when enterprises change: the one hook the apps above subscribe to.

The registry is the ground floor: it never imports the apps built on it. When it has changed an
enterprise (a record, its memberships) or committed an import, it sends one of these signals;
an app that follows the registry (policies re-matches, for example) connects a receiver in its
`AppConfig.ready()`. Signals are sent inside the writing transaction: a receiver that acts on the
committed state defers itself with `transaction.on_commit`, so a rolled-back change leaves no
trace. See docs/registry-hooks.md.
"""

from __future__ import annotations

from django.dispatch import Signal

# One enterprise's record or memberships changed. Arguments: enterprise_id (int).
enterprise_changed = Signal()

# An import committed many enterprises (or chains, towns) at once. Arguments: batch (the
# ImportBatch), actor (the user who imported, or None for the operator's command line).
registry_imported = Signal()
