"""A client generated from /api/openapi.json (openapi-python-client) reads real answers.

The province's other systems will generate their clients from the document; this generates one
offline, as they would, and reads the enterprise list, a chain and an indicator through it. A
required field missing from an answer, or a type the document gets wrong, fails here.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.conf import settings
from django.test import Client

PACKAGE = "qstrong_api_client"


@pytest.fixture
def demo(db: Any) -> None:
    from qstrong.registry.demo.loader import load_demo

    load_demo()


@pytest.fixture
def generated(tmp_path: Path, demo: None) -> Iterator[Any]:
    """The generated package, imported from a temporary folder."""
    document = Client().get("/api/openapi.json")
    assert document.status_code == 200
    (tmp_path / "openapi.json").write_text(json.dumps(document.json()), encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(tmp_path / "openapi.json"),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # its post-generation hook runs ruff, which sits beside this Python
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _client(package: Any, username: str) -> Any:
    from qstrong.accounts.models import User
    from qstrong.wsgi import application

    browser = Client()
    browser.force_login(User.objects.get(username=username))
    return package.AuthenticatedClient(
        base_url="http://testserver",
        token="",
        cookies={settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value},
        raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.WSGITransport(app=application)},
    )


def _operation(name: str) -> Any:
    app, _sep, _rest = name.removeprefix("qstrong_").partition("_api_")
    return importlib.import_module(f"{PACKAGE}.api.{app}.{name}")


def test_the_generated_client_reads_enterprises_a_chain_and_an_indicator(generated: Any) -> None:
    from qstrong.insights.models import Indicator

    client = _client(generated, "province")

    # the enterprise list
    page = _operation("qstrong_registry_api_enterprise_list").sync(client=client, limit=20)
    assert type(page).__name__ == "EnterprisePage"
    assert page.total >= 15 and len(page.items) == 20
    assert all(len(item.uscc) == 18 for item in page.items)

    # a chain with its segments and members
    chain = _operation("qstrong_registry_api_chain_get").sync("nev", client=client)
    assert type(chain).__name__ == "ChainDetailOut"
    assert chain.code == "nev"
    assert chain.segments or chain.unassigned

    # an indicator
    indicator = Indicator.objects.order_by("pk").first()
    assert indicator is not None
    read = _operation("qstrong_insights_api_indicator_get").sync(indicator.pk, client=client)
    assert type(read).__name__ == "IndicatorOut"
    assert (read.id, read.period_key) == (indicator.pk, indicator.period.key)


def test_the_generated_client_reads_an_error_as_the_error_schema(generated: Any) -> None:
    client = _client(generated, "province")

    response = _operation("qstrong_registry_api_chain_get").sync_detailed("no-such", client=client)

    assert response.status_code == 404
    assert type(response.parsed).__name__ == "ApiError"
    assert response.parsed.detail == "未找到。"
