"""Reading an uploaded file into a header and string cells: CSV (UTF-8/GB18030) and .xlsx."""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import polars as pl

from qstrong.registry.importing.messages import FileRefused

ROW = "_row"  # the row number as Excel shows it (the header row is usually 1)
PREFERRED_SHEET = "企业"
_CHUNK = 16 * 1024 * 1024


@dataclass
class Table:
    """Header texts as written, and the data rows: columns c0..cN of strings plus `_row`."""

    header: list[str | None]
    frame: pl.DataFrame
    header_row: int
    fmt: str
    encoding: str = ""
    sheet: str = ""

    def cell_column(self, index: int) -> str:
        return f"c{index}"


def read_table(*, filename: str, content: bytes, preferred_sheet: str = PREFERRED_SHEET) -> Table:
    suffix = PurePath(filename).suffix.lower()
    if not content:
        raise FileRefused("file_empty")
    if suffix == ".csv" or suffix == ".txt":
        return _read_csv(content)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(content, preferred_sheet)
    raise FileRefused("file_type", suffix=suffix or filename)


def detect_encoding(content: bytes) -> str:
    """utf-8-sig, utf-8 or gb18030 — or FileRefused naming what it looks like instead."""
    if content.startswith(codecs.BOM_UTF8):
        if _decodes(content[3:], "utf-8"):
            return "utf-8-sig"
        raise FileRefused("file_encoding", detected="UTF-8 BOM + ?")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in content[:4096]:
        raise FileRefused("file_encoding", detected="UTF-16")
    if _decodes(content, "utf-8"):
        return "utf-8"
    if _decodes(content, "gb18030"):
        return "gb18030"
    raise FileRefused("file_encoding", detected=_guess(content))


def _decodes(content: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    view = memoryview(content)
    try:
        for start in range(0, len(view), _CHUNK):
            decoder.decode(view[start : start + _CHUNK], final=False)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _guess(content: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(content[:65536]).best()
    return best.encoding if best is not None else "unknown"


def _read_csv(content: bytes) -> Table:
    encoding = detect_encoding(content)
    if encoding == "utf-8-sig":
        data = content[3:]
    elif encoding == "gb18030":
        data = content.decode("gb18030").encode("utf-8")
    else:
        data = content
    try:
        raw = pl.read_csv(
            io.BytesIO(data),
            has_header=False,
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise FileRefused("file_unreadable", detail=str(exc).splitlines()[0][:200]) from exc
    del data
    return _table(raw, first_row=1, fmt="csv", encoding=encoding)


def _read_xlsx(content: bytes, preferred_sheet: str) -> Table:
    import fastexcel

    try:
        reader = fastexcel.read_excel(content)
        names = reader.sheet_names
        sheet = preferred_sheet if preferred_sheet in names else names[0]
        raw = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileRefused("file_unreadable", detail=str(exc).splitlines()[0][:200]) from exc
    first_row = _xlsx_first_row(content, sheet, names.index(sheet))
    return _table(raw, first_row=first_row, fmt="xlsx", sheet=sheet)


def _table(raw: pl.DataFrame, *, first_row: int, fmt: str, **extra: str) -> Table:
    if raw.width == 0 or raw.height == 0:
        raise FileRefused("file_empty")
    names = [f"c{i}" for i in range(raw.width)]
    raw = raw.rename(dict(zip(raw.columns, names, strict=True)))
    stripped = raw.select(pl.col(name).cast(pl.String).str.strip_chars() for name in names)
    frame = stripped.select(
        *[_clean(pl.col(name)).alias(name) for name in names],
        (pl.int_range(pl.len(), dtype=pl.Int64) + first_row).alias(ROW),
    ).filter(~pl.all_horizontal(pl.col(names).is_null()))
    if frame.height == 0:
        raise FileRefused("file_empty")
    header = [value for value in frame.row(0)[:-1]]
    header_row = frame[ROW][0]
    return Table(header=header, frame=frame.slice(1), header_row=header_row, fmt=fmt, **extra)


def _clean(text: pl.Expr) -> pl.Expr:
    """Empty → null, and undo the export's formula escape ('=… → =…) on trimmed text."""
    escaped = text.str.starts_with("'") & text.str.slice(1, 1).is_in(["=", "+", "-", "@"])
    return pl.when(text == "").then(None).when(escaped).then(text.str.slice(1)).otherwise(text)


_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.DOTALL)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b[^/>]*>")
_HEAD_BYTES = 8 << 20


def _xlsx_first_row(content: bytes, sheet: str, index: int) -> int:
    """The Excel row number of the first row with a value: calamine starts its range there."""
    try:
        with (
            zipfile.ZipFile(io.BytesIO(content)) as archive,
            archive.open(_sheet_path(archive, sheet, index)) as handle,
        ):
            head = handle.read(_HEAD_BYTES)
    except (KeyError, zipfile.BadZipFile, OSError):
        return 1
    for count, match in enumerate(_ROW.finditer(head), start=1):
        body = match.group(2) or b""
        if _VALUE.search(body):
            number = _ROW_NUMBER.search(match.group(1))
            return int(number.group(1)) if number else count
    return 1


def _sheet_path(archive: zipfile.ZipFile, sheet: str, index: int) -> str:
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    sheets = re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook)
    rid = None
    for tag in sheets:
        name = re.search(rb'\bname="([^"]*)"', tag)
        if name and _xml_unescape(name.group(1).decode("utf-8")) == sheet:
            found = re.search(rb'\br:id="([^"]*)"|\bid="([^"]*)"', tag)
            rid = (found.group(1) or found.group(2)) if found else None
            break
    if rid is None:
        return f"xl/worksheets/sheet{index + 1}.xml"
    for rel in re.findall(rb"<Relationship\b[^>]*>", rels):
        if re.search(rb'\bId="' + re.escape(rid) + rb'"', rel):
            target = re.search(rb'\bTarget="([^"]*)"', rel)
            if target:
                path = target.group(1).decode("utf-8")
                return path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    return f"xl/worksheets/sheet{index + 1}.xml"


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
