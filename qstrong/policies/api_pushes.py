"""The pushes and coverage API (django-ninja router, mounted at /api/pushes/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["pushes"])
