"""Composers of handbook sections, per kind; importing this package registers them all."""

from __future__ import annotations

from qstrong.handbooks.composing import chain, enterprise, town
from qstrong.handbooks.composing.base import (
    REGISTRY,
    ComposeContext,
    SectionSpec,
    section,
    sections_available,
    spec_of,
)

__all__ = [
    "REGISTRY",
    "ComposeContext",
    "SectionSpec",
    "chain",
    "enterprise",
    "section",
    "sections_available",
    "spec_of",
    "town",
]
