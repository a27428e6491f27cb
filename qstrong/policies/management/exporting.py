"""The `matches` kind of `qstrong export`: policy_code,uscc,outcome as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from qstrong.policies.management.commands.match import parse_as_of


def export_matches_file(*, path: Path, options: dict[str, Any]) -> str:
    from qstrong.policies.matching.exporting import matches_export

    if path.suffix.lower() != ".csv":
        raise CommandError("matches are exported as .csv: the file must end in .csv")
    if not path.parent.exists():
        raise CommandError(f"directory does not exist: {path.parent}")
    as_of = parse_as_of(options.get("as_of"))
    count = matches_export(path=path, as_of=as_of)
    return f"exported {count} rows to {path}"
