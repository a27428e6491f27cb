"""`qstrong import policies FILE.json`: create or update policies by code and publish them.

The whole file is checked first; one bad item refuses the file, with every problem named by the
policy's code and the path (`Q-001: all[2].value: 应为数字`). Then one transaction writes all
items through the services (events and audit as for a form) and one full run is queued.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qstrong.policies.models import Policy
from qstrong.policies.services import (
    POLICY_FIELDS,
    policy_create,
    policy_publish,
    policy_rule_save,
    policy_update,
    rule_errors,
)

# Keys an item may carry: identity, rule, and the descriptive fields except the owner.
ITEM_FIELDS = frozenset({"code", "rule"} | (set(POLICY_FIELDS) - {"owner"}))
DATE_FIELDS = ("effective_from", "effective_to", "claim_deadline")


class PoliciesRefused(Exception):
    """The file was refused: nothing written. `errors` lists one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def read_items(path: Path) -> list[Mapping[str, Any]]:
    """The file's JSON list; a file that is not one is refused as a whole."""
    try:
        items = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PoliciesRefused([_("文件不是有效的 JSON：%(detail)s") % {"detail": exc}]) from exc
    if not isinstance(items, list):
        raise PoliciesRefused([_("文件应为政策列表（JSON 数组）。")])
    return items


def _label(item: Any, index: int) -> str:
    code = item.get("code") if isinstance(item, Mapping) else None
    return code.strip() if isinstance(code, str) and code.strip() else f"#{index + 1}"


def item_errors(item: Any, index: int) -> list[str]:
    """Every problem of one item, each line starting with its code (or #n) and the field/path."""
    label = _label(item, index)
    if not isinstance(item, Mapping):
        return [f"{label}: " + _("应为对象")]
    errors: list[str] = []
    for key in sorted(set(item) - ITEM_FIELDS):
        errors.append(f"{label}: {key}: " + _("未知的字段"))
    for key in ("code", "title"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            errors.append(f"{label}: {key}: " + _("必填，应为非空字符串"))
    if "rule" not in item:
        errors.append(f"{label}: rule: " + _("必填"))
    else:
        errors.extend(f"{label}: {_rooted(message)}" for message in rule_errors(item["rule"]))
    errors.extend(f"{label}: {message}" for message in _field_errors(item))
    return errors


def _rooted(message: str) -> str:
    """A problem with the whole rule has no path: name it `rule`."""
    return message if ": " in message else f"rule: {message}"


def _field_errors(item: Mapping[str, Any]) -> list[str]:
    data = _data(item)
    errors = []
    for name in DATE_FIELDS:
        value = item.get(name)
        if value not in (None, "") and not _is_date(value):
            errors.append(f"{name}: " + _("应为 ISO 8601 日期，如 2025-01-01"))
            data.pop(name, None)
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        data["title"] = "x"  # reported above as required
    candidate = Policy(code=str(item.get("code") or "x"))
    for name, value in data.items():
        setattr(
            candidate,
            name,
            "" if value is None and not Policy._meta.get_field(name).null else value,
        )
    try:
        candidate.full_clean(exclude=["code", "created_by", "updated_by"], validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in DATE_FIELDS and any(e.startswith(f"{name}:") for e in errors):
                continue
            errors.extend(f"{name}: {message}" for message in messages)
    return errors


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def _data(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k in ITEM_FIELDS and k not in {"code", "rule"}}


def policies_import_items(
    *, items: list[Mapping[str, Any]], actor: Any, queue_run: bool = True
) -> dict[str, Any]:
    """Validate all, then write all: created / updated / unchanged counts and the codes.
    Queues one full run after the commit when something changed (unless queue_run is False)."""
    errors = [error for index, item in enumerate(items) for error in item_errors(item, index)]
    codes = [_label(item, index) for index, item in enumerate(items)]
    errors.extend(
        f"{code}: code: " + _("在文件中重复")
        for code in sorted({c for c in codes if codes.count(c) > 1})
    )
    if errors:
        raise PoliciesRefused(errors)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for item in items:
            counts[_import_one(item, actor)] += 1
        if queue_run and (counts["created"] or counts["updated"]):
            from qstrong.policies.matching import full_run_after_commit

            full_run_after_commit(actor=actor)
    return {**counts, "codes": codes}


def _import_one(item: Mapping[str, Any], actor: Any) -> str:
    code = item["code"].strip()
    data = {key: (value if value != "" else None) for key, value in _data(item).items()}
    data = {
        k: ("" if v is None and not Policy._meta.get_field(k).null else v) for k, v in data.items()
    }
    policy = Policy.objects.filter(code=code).first()
    if policy is None:
        policy = policy_create(data={"code": code, **data}, actor=actor, rule=item["rule"])
        policy_publish(policy=policy, actor=actor, rematch=False)
        return "created"
    changed = False
    before = policy.updated_at
    policy = policy_update(policy=policy, data=data, actor=actor, rematch=False)
    changed = policy.updated_at != before
    current = policy.rules.order_by("-version").first()
    if current is None or current.rule != item["rule"]:
        policy_rule_save(policy=policy, rule=item["rule"], actor=actor, rematch=False)
        changed = True
    if policy.state != Policy.State.PUBLISHED:
        policy_publish(policy=policy, actor=actor, rematch=False)
        changed = True
    return "updated" if changed else "unchanged"
