"""PDF through Typst (the `typst` package's bundled compiler) with Noto Serif / Sans CJK."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import typst
from django.conf import settings

from qstrong.handbooks.rendering.base import RenderError
from qstrong.handbooks.schemas import Content, content_dump

TEMPLATE = Path(__file__).with_name("handbook.typ")
FIGURE = Path(__file__).with_name("figure.typ")


def font_paths() -> list[str]:
    return [str(p) for p in settings.QSTRONG_HANDBOOK_FONT_DIRS if Path(p).is_dir()]


@functools.cache
def _compiler(kind: str) -> typst.Compiler:
    """One compiler per process and purpose: the CJK fonts (90 MB) are read once, not per file."""
    source = TEMPLATE if kind == "handbook" else FIGURE
    return typst.Compiler(
        str(source), root=str(TEMPLATE.parent), font_paths=font_paths(), ignore_system_fonts=True
    )


class PdfRenderer:
    format = "pdf"
    extension = "pdf"
    content_type = "application/pdf"

    def render(self, content: Content) -> bytes:
        # The data date is the document's date: the same edition gives the same bytes.
        day = dt.date.fromisoformat(content.data_date)
        stamp = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp()
        try:
            result = _compiler("handbook").compile(
                sys_inputs={"content": json.dumps(content_dump(content), ensure_ascii=False)},
                timestamp=int(stamp),
            )
        except Exception as exc:  # typst raises its own RuntimeError subclasses
            raise RenderError(str(exc)) from exc
        assert isinstance(result, bytes)
        return result


def svg_to_png(svg: str, *, ppi: int = 144) -> bytes:
    """An SVG figure as PNG (for Word), drawn by the same Typst with the same fonts. Cached by
    the drawing itself: a batch's charts repeat (the same library measures per category)."""
    return _svg_to_png(svg, ppi)


@functools.lru_cache(maxsize=128)
def _svg_to_png(svg: str, ppi: int) -> bytes:
    try:
        result = _compiler("figure").compile(
            sys_inputs={"svg": svg},
            format="png",
            ppi=ppi,
        )
    except Exception as exc:
        raise RenderError(str(exc)) from exc
    assert isinstance(result, bytes)
    return result
