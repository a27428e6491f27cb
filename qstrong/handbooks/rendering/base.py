"""One renderer per output format behind one small interface (STYLE habit 6)."""

from __future__ import annotations

from typing import Protocol

from qstrong.handbooks.schemas import Content


class Renderer(Protocol):
    format: str
    extension: str
    content_type: str

    def render(self, content: Content) -> bytes: ...


class RenderError(Exception):
    """The document could not be produced (bad template, missing fonts …)."""
