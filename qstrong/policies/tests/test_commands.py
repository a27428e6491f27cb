"""The command line, exactly: import policies, match, export matches."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qstrong.policies.models import MatchResult, Policy
from qstrong.policies.tests.factories import ISO9001_RULE, PolicyRuleFactory, published_policy
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_push")]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path: Path, items: Any) -> Path:
    path = tmp_path / "policies.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


ITEMS = [
    {
        "code": "Q-001",
        "title": "质量提升奖励",
        "rule": {"field": "employees", "op": "ge", "value": 20},
        "effective_from": "2025-01-01",
        "issuer": "山西省市场监督管理局",
        "category": "quality",
        "claim_who": "规上工业企业",
    },
    {"code": "Q-002", "title": "认证提升", "rule": ISO9001_RULE, "delivery": "automatic"},
]


def test_import_policies_creates_and_publishes(tmp_path: Path) -> None:
    assert run("import", "policies", str(write(tmp_path, ITEMS))) == (
        "created 2, updated 0, unchanged 0\n"
    )
    q1 = Policy.objects.get(code="Q-001")
    assert (q1.state, q1.effective_from, q1.claim_who, q1.rules.get().version) == (
        "published",
        dt.date(2025, 1, 1),
        "规上工业企业",
        1,
    )
    # again: unchanged; with a new rule: a new version
    assert run("import", "policies", str(write(tmp_path, ITEMS))) == (
        "created 0, updated 0, unchanged 2\n"
    )
    changed = [{**ITEMS[0], "rule": ISO9001_RULE}, ITEMS[1]]
    assert run("import", "policies", str(write(tmp_path, changed))) == (
        "created 0, updated 1, unchanged 1\n"
    )
    assert list(q1.rules.values_list("version", flat=True)) == [1, 2]


def test_import_refuses_the_whole_file_naming_code_and_path(tmp_path: Path) -> None:
    bad = [
        ITEMS[0],
        {
            "code": "Q-003",
            "title": "计量",
            "rule": {
                "all": [ISO9001_RULE, ISO9001_RULE, {"field": "revenue", "op": "ge", "value": "x"}]
            },
            "effective_from": "2025-13-01",
        },
        {"title": "", "rule": {"any": []}},
    ]
    with pytest.raises(CommandError) as caught:
        run("import", "policies", str(write(tmp_path, bad)))
    assert str(caught.value).splitlines() == [
        "文件被拒绝（5 个问题），未导入任何政策：",
        "Q-003: all[2].value: 应为数字",
        "Q-003: effective_from: 应为 ISO 8601 日期，如 2025-01-01",
        "#3: code: 必填，应为非空字符串",
        "#3: title: 必填，应为非空字符串",
        "#3: any: 列表不能为空",
    ]
    assert caught.value.returncode == 1
    assert not Policy.objects.exists()


def test_import_refuses_what_is_not_a_json_list(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("{oops", encoding="utf-8")
    with pytest.raises(CommandError, match="文件不是有效的 JSON"):
        run("import", "policies", str(path))
    with pytest.raises(CommandError, match="文件应为政策列表"):
        run("import", "policies", str(write(tmp_path, {"code": "Q"})))


@pytest.fixture
def enterprises() -> None:
    EnterpriseFactory(uscc=make_uscc(1), employees=300, certifications=["ISO9001"])
    EnterpriseFactory(uscc=make_uscc(2), employees=None, certifications=[])
    EnterpriseFactory(uscc=make_uscc(3), employees=5, certifications=None)


@pytest.mark.usefixtures("enterprises")
def test_match_prints_counts_per_outcome() -> None:
    published_policy(code="Q-001")
    published_policy(code="Q-002", rule=ISO9001_RULE)
    out = run("match", "--as-of", "2025-06-30")
    assert out.splitlines()[0] == "eligible 2, needs_data 2, ineligible 2"
    assert out.splitlines()[1].startswith("as of 2025-06-30: policies 2, enterprises 3, pushes 0")
    assert run("match", "--policy", "Q-002", "--as-of", "2025-06-30").splitlines()[0] == (
        "eligible 1, needs_data 1, ineligible 1"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2025-02-30"], "--as-of must be a date YYYY-MM-DD, not '2025-02-30'"),
        (["--policy", "NOPE"], "no such policy: NOPE"),
    ],
)
def test_match_bad_arguments(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as caught:
        run("match", *args)
    assert str(caught.value) == message


def test_match_refuses_a_draft() -> None:
    published_policy(code="D-1", state=Policy.State.DRAFT)
    with pytest.raises(CommandError, match="policy D-1 is not published"):
        run("match", "--policy", "D-1")


@pytest.mark.usefixtures("enterprises")
def test_export_matches_stored_and_for_another_date(tmp_path: Path) -> None:
    # given version 2 (ISO 9001) from 2025-07-01 and results stored for 2025-06-30
    policy = published_policy(code="Q-001")
    PolicyRuleFactory(policy=policy, version=2, rule=ISO9001_RULE, applies_from=dt.date(2025, 7, 1))
    run("match", "--as-of", "2025-06-30")
    path = tmp_path / "m.csv"
    assert run("export", "matches", str(path)) == f"exported 2 rows to {path}\n"
    assert path.read_text(encoding="utf-8").splitlines() == [
        "policy_code,uscc,outcome",
        f"Q-001,{make_uscc(1)},eligible",
        f"Q-001,{make_uscc(2)},needs_data",
    ]
    # the same date reads the stored results
    run("export", "matches", str(path), "--as-of", "2025-06-30")
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
    # another date evaluates afresh (version 2) and stores nothing
    stored = list(MatchResult.objects.values_list("pk", "outcome"))
    run("export", "matches", str(path), "--as-of", "2025-07-01")
    assert path.read_text(encoding="utf-8").splitlines() == [
        "policy_code,uscc,outcome",
        f"Q-001,{make_uscc(1)},eligible",
        f"Q-001,{make_uscc(3)},needs_data",
    ]
    assert list(MatchResult.objects.values_list("pk", "outcome")) == stored


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("m.xlsx", [], "matches are exported as .csv: the file must end in .csv"),
        ("m.csv", ["--as-of", "yesterday"], "--as-of must be a date YYYY-MM-DD, not 'yesterday'"),
    ],
)
def test_export_matches_bad_arguments(
    tmp_path: Path, name: str, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as caught:
        run("export", "matches", str(tmp_path / name), *args)
    assert str(caught.value) == message
