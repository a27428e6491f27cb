"""Word (.docx) with docxtpl: the template (repository file, or the one the province uploaded)
gives cover, styles, running header and colophon; the body is a sub-document of the same content
the PDF shows."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import jinja2
from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage

from qstrong.handbooks.rendering.base import RenderError
from qstrong.handbooks.rendering.pdf import svg_to_png
from qstrong.handbooks.schemas import Content, Facts, Figure, Paragraph, Table

REPO_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "handbook-template.docx"
KIND_LABELS = {"enterprise": "一企一册", "chain": "一链一册", "town": "一镇一册"}


def _run(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(text: str, *, style: str = "", bold: bool = False) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{_run(text, bold=bold)}</w:p>"


def _table_xml(columns: list[str], rows: list[list[str]]) -> str:
    """A grid table whose first row is its header: Word repeats it on every page it spans.

    Written as XML in one piece: python-docx's cell-by-cell API cost ten times the rest."""

    def row(values: list[str], header: bool) -> str:
        props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>{_para(v, bold=header)}</w:tc>'
            for v in values
        )
        return f"<w:tr>{props}{cells}</w:tr>"

    grid = "".join("<w:gridCol/>" for _ in columns)
    body = row(columns, True) + "".join(row(r, False) for r in rows)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>'
    )


class _CachingEnvironment(jinja2.Environment):
    """docxtpl compiles the template's XML on every render; the same XML compiles once here."""

    def __init__(self) -> None:
        super().__init__()
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 64:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


_ENV = _CachingEnvironment()
_PATCHED: dict[str, str] = {}


class _Template(DocxTemplate):
    """docxtpl rewrites the template's XML with ~60 regular expressions on every render; the
    rewrite depends on the XML alone, so it is done once per template."""

    def patch_xml(self, src_xml: str) -> str:
        if src_xml not in _PATCHED:
            if len(_PATCHED) > 64:
                _PATCHED.clear()
            _PATCHED[src_xml] = super().patch_xml(src_xml)
        return _PATCHED[src_xml]

    def resolve_listing(self, xml: str) -> str:
        # Only text with tabs, line or page breaks needs it; ours has none (checked cheaply).
        if _LISTING.search(xml) is None:
            return xml
        return str(super().resolve_listing(xml))


_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")


class _LazyBody:
    """Written when the template prints it: an image needs the part being rendered."""

    def __init__(self, tpl: DocxTemplate, content: Content) -> None:
        self.tpl, self.content = tpl, content

    def __str__(self) -> str:
        return _body_xml(self.tpl, self.content)


def _body_xml(tpl: DocxTemplate, content: Content) -> str:
    """The body as WordprocessingML, inserted whole at {{p body }} (faster than a sub-document)."""
    parts: list[str] = []
    for section in content.sections:
        parts.append(_para(section.title, style="Heading1"))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(_para(block.text))
            elif isinstance(block, Facts):
                parts.append(_table_xml(["项目", "内容"], [list(r) for r in block.rows]))
            elif isinstance(block, Table):
                if block.title:
                    parts.append(_para(block.title, style="Heading2"))
                parts.append(_table_xml(block.columns, block.rows))
            elif isinstance(block, Figure):
                image = InlineImage(tpl, io.BytesIO(svg_to_png(block.svg)), width=Cm(16))
                parts.append(f'<w:p><w:r><w:t xml:space="preserve">{image}</w:t></w:r></w:p>')
                parts.append(_para(f"图：{block.caption}", style="Caption"))
                if block.summary:
                    parts.append(_para(block.summary))
    return "".join(parts)


@functools.lru_cache(maxsize=4)
def _template_bytes(path: str, mtime_ns: int) -> bytes:
    """The template file read once per process (and again if it changes)."""
    return Path(path).read_bytes()


class DocxRenderer:
    format = "docx"
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def __init__(self, template: Path | bytes | None = None) -> None:
        self.template = template

    def template_path(self) -> Path | None:
        """The file in use (the province's upload, else the repository's); None when the
        renderer was given its template's bytes."""
        if self.template is None:
            from qstrong.handbooks.templates_store import active_template

            return Path(active_template() or REPO_TEMPLATE)
        return self.template if isinstance(self.template, Path) else None

    def _template_source(self) -> Any:
        if self.template is None:
            path = self.template_path()
            assert path is not None
            return io.BytesIO(_template_bytes(str(path), path.stat().st_mtime_ns))
        if isinstance(self.template, bytes):
            return io.BytesIO(self.template)
        return self.template

    def render(self, content: Content) -> bytes:
        try:
            tpl = _Template(self._template_source())
            body = _LazyBody(tpl, content)
            kind_label = KIND_LABELS[content.kind]
            tpl.render(
                {
                    "kind_label": kind_label,
                    "subject_name": content.subject_name,
                    "subject_code": content.subject_code,
                    "title": content.title,
                    "edition": content.edition,
                    "compiled_by": content.compiled_by,
                    "data_date": content.data_date,
                    "running": f"{content.subject_name} · {kind_label} · 第{content.edition}版",
                    "toc": [s.title for s in content.sections],
                    "body": body,
                },
                jinja_env=_ENV,
            )
            out = io.BytesIO()
            tpl.save(out)
        except RenderError:
            raise
        except Exception as exc:  # a broken template: docxtpl / jinja / lxml errors
            raise RenderError(str(exc)) from exc
        return out.getvalue()
