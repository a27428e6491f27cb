"""The quality API (django-ninja router, mounted at /api/quality/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["quality"])
