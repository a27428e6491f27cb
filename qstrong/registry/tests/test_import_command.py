"""`qstrong import`: the exact summary line, errors on stderr, exit codes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qstrong.core.models import Job
from qstrong.registry.models import Enterprise, ImportBatch
from qstrong.registry.tests.factories import csv_bytes, make_uscc

pytestmark = pytest.mark.django_db

U1, U2 = make_uscc(301), make_uscc(302)


def import_(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "企业.csv"
    path.write_bytes(
        csv_bytes(["uscc", "name", "region"], [[U1, "甲", "140121"], [U2, "乙", "140121"]])
    )
    return path


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        csv_bytes(["uscc", "name", "region"], [[U1, "甲", "140121"], [U2, "乙", "999999"]])
    )
    return path


def test_a_good_file_prints_exactly_the_summary_line(good):
    out, _err = import_("enterprises", str(good))
    assert out == "created 2, updated 0, unchanged 0, rejected 0\n"
    assert Enterprise.objects.count() == 2
    out, _ = import_("enterprises", str(good))
    assert out == "created 0, updated 0, unchanged 2, rejected 0\n"


def test_errors_go_to_stderr_with_exit_code_one_and_nothing_is_written(bad):
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import", "enterprises", str(bad), stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert err.getvalue() == (
        "row 3, region, '999999': 未知的行政区划代码（须为行政区划表中的县级代码） "
        "[region_unknown]\n"
    )
    assert not Enterprise.objects.exists()


def test_errors_in_english(bad):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", "enterprises", str(bad), "--lang", "en", stdout=io.StringIO(), stderr=err
        )
    assert "Unknown region code" in err.getvalue()


def test_valid_rows_only_imports_the_rest_and_exits_zero(bad):
    out, err = import_("enterprises", str(bad), "--valid-rows-only")
    assert out == "created 1, updated 0, unchanged 0, rejected 1\n"
    assert "row 3" in err


def test_a_dry_run_writes_nothing(good):
    out, _ = import_("enterprises", str(good), "--dry-run")
    assert out == "created 2, updated 0, unchanged 0, rejected 0\n"
    assert not Enterprise.objects.exists()
    assert ImportBatch.objects.get().state == "dry_run"


def test_background_prints_the_job_id(good, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = import_("enterprises", str(good), "--background")
    job = Job.objects.get(pk=out.strip())
    assert (job.kind, job.state) == ("import", "succeeded")
    assert Enterprise.objects.count() == 2


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError) as raised:
        import_("enterprises", str(tmp_path / "none.csv"))
    assert raised.value.returncode == 2


def test_the_console_script_exits_with_the_code(bad, tmp_path, monkeypatch):
    """Through the real entry point: exit status 1 and the message on stderr."""
    from qstrong import cli

    with pytest.raises(SystemExit) as raised:
        cli.main(["import", "enterprises", str(bad)])
    assert raised.value.code == 1
