"""The portal API (django-ninja router, mounted at /api/portal/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["portal"])
