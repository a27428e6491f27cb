"""Renderers of a handbook's content: one per format behind one interface."""

from __future__ import annotations

from qstrong.handbooks.rendering.base import Renderer, RenderError
from qstrong.handbooks.rendering.docx import DocxRenderer
from qstrong.handbooks.rendering.pdf import PdfRenderer

RENDERERS: dict[str, Renderer] = {"pdf": PdfRenderer(), "docx": DocxRenderer()}


def renderer_for(fmt: str) -> Renderer:
    try:
        return RENDERERS[fmt]
    except KeyError:
        raise RenderError(f"unknown format {fmt}") from None


__all__ = ["RENDERERS", "RenderError", "Renderer", "renderer_for"]
