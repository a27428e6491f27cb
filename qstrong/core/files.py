"""Stored files opened for a download: a row whose file is gone answers 404, not 500.

A file can outlive its row's certainty: a partial restore, a media volume mounted late, a file
removed by hand. The row is still visible to the user, so the view would have served it; the
answer is "not found" (with a warning in the log for the operators), never a server error.
"""

from __future__ import annotations

import logging
from typing import IO, Any

from django.http import Http404

log = logging.getLogger(__name__)


def open_stored_or_404(field: Any) -> IO[bytes]:
    """Open a FileField's file for reading, or raise Http404 if it is missing."""
    name = getattr(field, "name", "") or ""
    if not name:
        raise Http404("no file")
    try:
        return field.open("rb")
    except (FileNotFoundError, IsADirectoryError) as exc:
        log.warning("stored file missing: %s", name)
        raise Http404("file missing") from exc
