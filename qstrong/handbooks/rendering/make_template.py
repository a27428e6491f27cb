"""Build the Word template kept in the repository (run at development time, commit the file):

    .venv/bin/python -m qstrong.handbooks.rendering.make_template

The template holds what the province may restyle in Word: page size and margins, the fonts of
the styles, the cover, the running header with {{ running }}, the page number field and the
colophon. The body ({{p body }}) is built by the renderer as a sub-document in these styles.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "data" / "handbook-template.docx"
SANS, SERIF = "Noto Sans CJK SC", "Noto Serif CJK SC"


def _font(style: object, name: str, size: float, bold: bool = False) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold = name, Pt(size), bold
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _page_field(paragraph: object) -> None:
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def build(path: Path = OUT) -> Path:
    doc = Document()
    _font(doc.styles["Normal"], SERIF, 10.5)
    _font(doc.styles["Title"], SANS, 24, bold=True)
    _font(doc.styles["Heading 1"], SANS, 16, bold=True)
    _font(doc.styles["Heading 2"], SANS, 12, bold=True)
    _font(doc.styles["Caption"], SANS, 9)
    cover = doc.sections[0]
    cover.page_width, cover.page_height = Cm(21), Cm(29.7)
    cover.left_margin = cover.right_margin = Cm(2.2)
    cover.top_margin, cover.bottom_margin = Cm(2.6), Cm(2.4)
    for _ in range(6):
        doc.add_paragraph()
    kind = doc.add_paragraph("{{ kind_label }}")
    kind.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind.runs[0].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    title = doc.add_paragraph("{{ subject_name }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (
        "{{ title }}",
        "第 {{ edition }} 版",
        "",
        "{{ compiled_by }}",
        "数据日期：{{ data_date }}",
    ):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    body.different_first_page_header_footer = False
    body.header.is_linked_to_previous = False
    body.footer.is_linked_to_previous = False
    header = body.header.paragraphs[0]
    header.text = "{{ running }}"
    header.runs[0].font.size = Pt(8.5)
    footer = body.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    doc.add_paragraph("目录", style="Heading 1")
    doc.add_paragraph("{%p for s in toc %}")
    doc.add_paragraph("{{ loop.index }}. {{ s }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{p body }}")
    doc.add_paragraph("编制说明", style="Heading 1")
    doc.add_paragraph("《{{ title }}》第 {{ edition }} 版。编制单位：{{ compiled_by }}。")
    doc.add_paragraph(
        "数据日期：{{ data_date }}。本版内容取自当日的登记记录、政策匹配结果、"
        "需求任务清单与质量问题台账，发布后不再变动。"
    )
    doc.add_paragraph("对象代码：{{ subject_code }}")
    doc.core_properties.author = "qstrong"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
