"""Word (.docx) with docxtpl: the template (repository file, or the one the province uploaded)
gives cover, styles, running header and colophon; the body is a sub-document of the same content
the PDF shows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate

from qstrong.handbooks.rendering.base import RenderError
from qstrong.handbooks.rendering.pdf import svg_to_png
from qstrong.handbooks.schemas import Content, Facts, Figure, Paragraph, Table

REPO_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "handbook-template.docx"
KIND_LABELS = {"enterprise": "一企一册", "chain": "一链一册", "town": "一镇一册"}


def _repeat_header(row: Any) -> None:
    """Mark a table's first row as its header: Word repeats it on every page the table spans."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _table(sub: Any, columns: list[str], rows: list[list[str]]) -> None:
    table = sub.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


class DocxRenderer:
    format = "docx"
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def __init__(self, template: Path | bytes | None = None) -> None:
        self.template = template

    def _template_source(self) -> Any:
        if self.template is None:
            from qstrong.handbooks.templates_store import active_template

            return active_template() or REPO_TEMPLATE
        if isinstance(self.template, bytes):
            return io.BytesIO(self.template)
        return self.template

    def render(self, content: Content) -> bytes:
        try:
            tpl = DocxTemplate(self._template_source())
            body = tpl.new_subdoc()
            for section in content.sections:
                body.add_heading(section.title, level=1)
                for block in section.blocks:
                    if isinstance(block, Paragraph):
                        body.add_paragraph(block.text)
                    elif isinstance(block, Facts):
                        _table(body, ["项目", "内容"], [list(r) for r in block.rows])
                    elif isinstance(block, Table):
                        if block.title:
                            body.add_heading(block.title, level=2)
                        _table(body, block.columns, block.rows)
                    elif isinstance(block, Figure):
                        body.add_picture(io.BytesIO(svg_to_png(block.svg)), width=Cm(16))
                        body.add_paragraph(f"图：{block.caption}", style="Caption")
                        if block.summary:
                            body.add_paragraph(block.summary)
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
                }
            )
            out = io.BytesIO()
            tpl.save(out)
        except RenderError:
            raise
        except Exception as exc:  # a broken template: docxtpl / jinja / lxml errors
            raise RenderError(str(exc)) from exc
        return out.getvalue()
