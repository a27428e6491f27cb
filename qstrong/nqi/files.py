"""Import and export of the registers with the enterprise import's guarantees (IMPORT.md):
every bad row named, nothing written unless every row is good, the same file twice changes
nothing the second time; exports read back as imports."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from openpyxl import Workbook

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.core.models import AuditEvent
from qstrong.core.services import audit_record
from qstrong.nqi import services
from qstrong.nqi.models import Origin, Provider
from qstrong.nqi.registers import (
    REGISTERS,
    CellError,
    Register,
    enterprise_lookup,
    provider_lookup,
    register_editable,
    register_rows,
)
from qstrong.registry.exporting import escape_formula
from qstrong.registry.importing.messages import FileRefused, message
from qstrong.registry.importing.reader import read_table


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行 {self.column}「{self.value}」：{self.reason}"


@dataclass
class ImportOutcome:
    register: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    refused: str = ""  # the whole file was refused (unreadable, missing column)

    @property
    def committed(self) -> bool:
        return not self.errors and not self.refused

    def summary(self) -> str:
        if self.refused:
            return self.refused
        if self.errors:
            return f"rejected: {len(self.errors)} errors in {self.rows} rows, nothing written"
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


def _normal_header(text: str | None) -> str:
    if text is None:
        return ""
    table = {ord("（"): "(", ord("）"): ")", ord("　"): " "}
    return text.translate(table).strip().lower()


def register_import(
    *, register: Register, filename: str, content: bytes, user: Any, language: str = "zh-hans"
) -> ImportOutcome:
    """Validate every row, then write all rows in one transaction, or none."""
    outcome = ImportOutcome(register=register.name)
    try:
        table = read_table(filename=filename, content=content, preferred_sheet=register.zh)
    except FileRefused as exc:
        outcome.refused = message(exc.code, language, **exc.params)
        return outcome
    wanted: dict[str, Any] = {}
    for column in register.columns:
        wanted[_normal_header(column.zh)] = column
        wanted[_normal_header(column.en)] = column
    positions: dict[str, tuple[int, Any]] = {}
    for index, text in enumerate(table.header):
        found = wanted.get(_normal_header(text))
        if found is not None:
            positions[found.key] = (index, found)
    missing = [c.zh for c in register.columns if c.required and c.key not in positions]
    if missing:
        outcome.refused = f"缺少必填列：{'、'.join(missing)}"
        return outcome
    context = {"enterprises": enterprise_lookup(user), "providers": provider_lookup(user)}
    editable = register_editable(register, user)
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for record in table.frame.iter_rows(named=True):
        row_number = int(record["_row"])
        values: dict[str, Any] = {}
        row_ok = True
        for key, (index, column) in positions.items():
            raw = (record.get(table.cell_column(index)) or "").strip()
            if not raw and column.required:
                outcome.errors.append(RowError(row_number, column.zh, raw, "必填"))
                row_ok = False
                continue
            try:
                values[key] = column.read(raw, context)
            except CellError as exc:
                outcome.errors.append(RowError(row_number, column.zh, raw, str(exc)))
                row_ok = False
        if not row_ok:
            continue
        if not _extra_checks(register, values, user, row_number, outcome):
            continue
        natural = tuple(_key_part(values.get(k)) for k in register.key)
        if natural in seen:
            outcome.errors.append(
                RowError(row_number, register.columns[0].zh, "", f"与第 {seen[natural]} 行重复")
            )
            continue
        seen[natural] = row_number
        if not _may_change(register, values, editable, row_number, outcome):
            continue
        parsed.append((row_number, values))
    outcome.rows = len(table.frame)
    if outcome.errors:
        outcome.errors.sort(key=lambda e: (e.row, e.column))
        return outcome
    _commit(register, parsed, user, outcome, filename)
    return outcome


def _may_change(
    register: Register,
    values: dict[str, Any],
    editable: Any,
    row: int,
    outcome: ImportOutcome,
) -> bool:
    """A row whose key names a record outside the user's jurisdiction is refused (an import
    never moves another county's certificate, patent or provider into one's own)."""
    if editable is None:
        return True
    lookup = {key: values[key] for key in register.key}
    existing = register.model._default_manager.filter(**lookup).values_list("pk", flat=True)
    found = existing.first()
    if found is None or editable.filter(pk=found).exists():
        return True
    named = next((k for k in ("number", "registration_number", "code") if k in register.key), None)
    key = named or register.key[0]
    column = next(c for c in register.columns if c.key == key)
    value = values[key]
    value = getattr(value, "uscc", None) or getattr(value, "code", None) or value
    outcome.errors.append(
        RowError(row, column.zh, str(value), "已登记在本辖区以外，不能通过导入修改")
    )
    return False


def _key_part(value: Any) -> Any:
    return getattr(value, "pk", value)


def _extra_checks(
    register: Register, values: dict[str, Any], user: Any, row: int, outcome: ImportOutcome
) -> bool:
    region = values.get("region")
    if (
        register.model is Provider
        and region
        and not jurisdiction_of(user).covers_region(region.code)
    ):
        outcome.errors.append(RowError(row, "地区代码", region.code, "不在本辖区，不能登记该机构"))
        return False
    issued, expires = values.get("issued_on"), values.get("expires_on")
    if register.name == "certificates" and issued and expires and expires < issued:
        outcome.errors.append(RowError(row, "有效期至", str(expires), "早于发证日期"))
        return False
    return True


def _commit(
    register: Register,
    parsed: list[tuple[int, dict[str, Any]]],
    user: Any,
    outcome: ImportOutcome,
    filename: str,
) -> None:
    model = register.model
    touched: set[int] = set()
    with transaction.atomic():
        for row_number, values in parsed:
            lookup = {key: values[key] for key in register.key}
            instance = model._default_manager.filter(**lookup).first()
            data = dict(values)
            if instance is None and hasattr(model, "origin"):
                data["origin"] = Origin.IMPORT
            try:
                record, result = services.record_save(
                    model=model, instance=instance, data=data, actor=user, rematch=False
                )
            except Exception as exc:  # a model rule the columns did not catch: refuse it all
                transaction.set_rollback(True)
                reason = "; ".join(getattr(exc, "messages", [str(exc)]))
                outcome.errors.append(RowError(row_number, "", "", reason))
                outcome.created = outcome.updated = outcome.unchanged = 0
                return
            setattr(outcome, result, getattr(outcome, result) + 1)
            if result != "unchanged" and getattr(record, "enterprise_id", None):
                touched.add(record.enterprise_id)  # type: ignore[attr-defined]
        audit_record(
            actor=user,
            action=AuditEvent.Action.IMPORT,
            object_type=f"nqi.{register.name}",
            object_id=register.name,
            object_repr=filename,
            changes={"created": outcome.created, "updated": outcome.updated},
        )
        if register.enterprise_owned and touched:
            services.enterprise_rematch(touched)


def register_export(*, register: Register, user: Any, fmt: str) -> bytes:
    """The register's rows the user may see, with the Chinese headers (imports back as is)."""
    rows = register_rows(register, user)
    header = register.header()
    buffer = io.BytesIO()
    if fmt == "csv":
        text = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows([[escape_formula(v) for v in row] for row in rows])
        text.flush()
        text.detach()
        return buffer.getvalue()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(register.zh)
    sheet.append(header)
    for row in rows:
        sheet.append([escape_formula(v) if v else None for v in row])
    workbook.save(buffer)
    return buffer.getvalue()


def register_by_name(name: str) -> Register | None:
    return REGISTERS.get(name)
