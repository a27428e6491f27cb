"""The `policies` kind of `qstrong import`: a JSON file of policies, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.utils import translation

from qstrong.policies.importing import PoliciesRefused, read_items
from qstrong.policies.services import policies_import

EXIT_REJECTED = 1


def import_policies_file(*, path: Path, actor: Any, options: dict[str, Any]) -> str:
    """Import (or with --dry-run only check) the file; the summary line, or a CommandError that
    lists every problem as `CODE: path: message`."""
    language = "en" if str(options.get("lang", "")).startswith("en") else "zh-hans"
    with translation.override(language):
        try:
            items = read_items(path)
            if options.get("dry_run"):
                return _dry_run(items)
            counts = policies_import(items=items, actor=actor)
        except PoliciesRefused as refused:
            head = (
                f"file refused ({len(refused.errors)} problems), nothing imported:"
                if language == "en"
                else f"文件被拒绝（{len(refused.errors)} 个问题），未导入任何政策："
            )
            raise CommandError(
                "\n".join([head, *refused.errors]), returncode=EXIT_REJECTED
            ) from None
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(str(exc), returncode=EXIT_REJECTED) from None
    return (
        f"created {counts['created']}, updated {counts['updated']}, unchanged {counts['unchanged']}"
    )


def _dry_run(items: list[Any]) -> str:
    from qstrong.policies.importing import item_errors

    errors = [error for index, item in enumerate(items) for error in item_errors(item, index)]
    if errors:
        raise PoliciesRefused(errors)
    return f"valid {len(items)}, nothing written (dry run)"
