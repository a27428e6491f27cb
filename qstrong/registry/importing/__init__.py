"""Importing registry files (enterprises, chains, towns, industries) as audited batches."""

from __future__ import annotations

from qstrong.registry.importing.batches import (
    import_batch_create,
    import_batch_run,
    import_batch_start,
    import_path,
)
from qstrong.registry.importing.report import error_report_xlsx

__all__ = [
    "error_report_xlsx",
    "import_batch_create",
    "import_batch_run",
    "import_batch_start",
    "import_path",
]
