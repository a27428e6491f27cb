"""The registry's hooks: it announces changes and imports without importing the apps above it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from qstrong.registry import services
from qstrong.registry.importing import import_path
from qstrong.registry.models import Enterprise, ImportBatch
from qstrong.registry.signals import enterprise_changed, registry_imported
from qstrong.registry.tests.factories import (
    ENTERPRISE_HEADER,
    EnterpriseFactory,
    csv_bytes,
    make_uscc,
)

REGISTRY = Path(__file__).resolve().parent.parent
UPPER_FLOORS = ("policies", "casework", "quality", "foodsafety", "insights", "portal")


class Heard:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, sender: Any, **kwargs: Any) -> None:
        self.calls.append({"sender": sender, **kwargs})


@pytest.mark.django_db
def test_an_edit_announces_the_enterprise() -> None:
    # given a receiver, and an enterprise
    heard = Heard()
    enterprise_changed.connect(heard, dispatch_uid="test-heard")
    try:
        enterprise = EnterpriseFactory(employees=10)
        # when its record changes
        services.enterprise_upsert(uscc=enterprise.uscc, data={"employees": 25}, actor=None)
    finally:
        enterprise_changed.disconnect(dispatch_uid="test-heard")
    # then the registry said which enterprise changed
    assert [(c["sender"], c["enterprise_id"]) for c in heard.calls] == [(Enterprise, enterprise.pk)]


@pytest.mark.django_db
def test_a_committed_import_is_announced_once(tmp_path: Path) -> None:
    heard = Heard()
    registry_imported.connect(heard, dispatch_uid="test-heard")
    rows = [[make_uscc(n), f"导入企业{n}", "140121", "C1469", *[""] * 14] for n in range(1, 4)]
    path = tmp_path / "e.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADER, rows))
    try:
        batch = import_path(path=path, kind="enterprises", actor=None)
    finally:
        registry_imported.disconnect(dispatch_uid="test-heard")
    assert batch.state == ImportBatch.State.COMMITTED
    assert [(c["sender"], c["batch"].pk, c["actor"]) for c in heard.calls] == [
        (ImportBatch, batch.pk, None)
    ]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_registry_domain_imports_no_upper_floor() -> None:
    # The command-line dispatcher (management/) and the demo loader list are the interface
    # layer; everything else in the registry stands on its own.
    offending = []
    for path in REGISTRY.rglob("*.py"):
        relative = path.relative_to(REGISTRY)
        if relative.parts[0] in ("tests", "management", "demo"):
            continue
        for name in _imports(path):
            if any(name.startswith(f"qstrong.{app}") for app in UPPER_FLOORS):
                offending.append(f"{relative}: {name}")
    assert offending == []
