"""The insights API (django-ninja router, mounted at /api/insights/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["insights"])
