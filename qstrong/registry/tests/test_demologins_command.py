"""`qstrong demologins` prints the accounts `make demo` creates, and never in production."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_demologins_lists_every_demo_user() -> None:
    out = StringIO()
    call_command("demologins", stdout=out)
    text = out.getvalue()
    assert "Demo-2024!qs" in text
    for username in (
        "province",
        "leader",
        "taiyuan",
        "qingxu",
        "taigu",
        "daixian",
        "admin",
        "guangyuyuan",
        "yanmenshan",
    ):
        assert f"  {username} " in text


def test_demologins_refuses_in_production(settings: object) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError):
        call_command("demologins")
