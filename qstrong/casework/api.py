"""The casework API (django-ninja router, mounted at /api/casework/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["casework"])
