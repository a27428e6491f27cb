"""Chains, towns, their member lists and the industry table: import, export, round trip."""

from __future__ import annotations

import io

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, province_planner
from qstrong.core.models import AuditEvent
from qstrong.registry.exporting import (
    export_chain_members,
    export_chains,
    export_town_members,
    export_towns,
)
from qstrong.registry.importing import import_batch_create, import_batch_run
from qstrong.registry.models import Chain, ChainMember, Industry, Town, TownMember
from qstrong.registry.services import memberships_snapshot
from qstrong.registry.tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    csv_bytes,
    make_uscc,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def run(kind: str, content: bytes, filename: str = "a.csv", actor=None, **options):
    batch = import_batch_create(
        kind=kind, filename=filename, content=content, actor=actor, **options
    )
    return import_batch_run(batch=batch, actor=actor)


def chain_state() -> list[tuple]:
    return [
        (
            c.code,
            c.name,
            c.chief,
            c.description,
            c.sort_order,
            [(s.name, s.position, s.stage) for s in c.segments.order_by("position")],
        )
        for c in Chain.objects.order_by("code")
    ]


def test_chains_import_with_segments_upstream_to_downstream():
    content = csv_bytes(
        ["产业链代码", "产业链名称", "链长", "环节", "排序"],
        [["al", "铝镁产业链", "张链长", "铝土矿 → 氧化铝 → 电解铝 → 铝加工", "2"],
         ["med", "现代医药产业链", "", "原料药;制剂", ""]],
    )  # fmt: skip
    batch = run("chains", content)
    assert batch.summary == "created 2, updated 0, unchanged 0, rejected 0", batch.errors
    assert chain_state() == [
        ("al", "铝镁产业链", "张链长", "", 2,
         [("铝土矿", 1, "upstream"), ("氧化铝", 2, "midstream"), ("电解铝", 3, "midstream"),
          ("铝加工", 4, "downstream")]),
        ("med", "现代医药产业链", "", "", 0,
         [("原料药", 1, "upstream"), ("制剂", 2, "downstream")]),
    ]  # fmt: skip
    assert run("chains", content).summary == "created 0, updated 0, unchanged 2, rejected 0"


def test_chains_export_then_import_is_a_round_trip():
    chain = ChainFactory(code="al", name="铝镁", chief="甲", description="说明", sort_order=3)
    for position, name in enumerate(["矿", "氧化铝", "电解铝"], start=1):
        SegmentFactory(chain=chain, name=name, position=position)
    before = chain_state()
    for fmt in ("csv", "xlsx"):
        buffer = io.BytesIO()
        export_chains(path_or_buffer=buffer, fmt=fmt)
        batch = run("chains", buffer.getvalue(), filename=f"c.{fmt}")
        assert batch.summary == "created 0, updated 0, unchanged 1, rejected 0", batch.errors
    Chain.objects.all().delete()
    run("chains", buffer.getvalue(), filename="c.xlsx")
    after = chain_state()
    # a re-created chain gets stages from its position, as chain_upsert does
    assert [(c[0], c[1], c[2], c[3], c[4], [s[0] for s in c[5]]) for c in after] == [
        (c[0], c[1], c[2], c[3], c[4], [s[0] for s in c[5]]) for c in before
    ]


def test_a_bad_chain_file_is_refused_whole():
    ChainFactory(code="al", name="铝镁")
    content = csv_bytes(
        ["code", "name", "segments"],
        [["x1", "新链", "a;b"], ["x1", "另一个", ""], ["x2", "铝镁", "a;a"]],
    )
    batch = run("chains", content)
    assert batch.state == "rejected"
    assert [(e["row"], e["column"], e["code"]) for e in batch.errors] == [
        (3, "code", "code_duplicate"),
        (4, "name", "name_taken"),
        (4, "segments", "segment_repeated"),
    ]  # fmt: skip
    assert list(Chain.objects.values_list("code", flat=True)) == ["al"]


def test_only_the_province_keeps_chains_and_towns():
    content = csv_bytes(["code", "name"], [["x", "新链"]])
    assert run("chains", content, actor=county_officer_qingxu()).errors[0]["code"] == "forbidden"
    assert run("chains", content, actor=province_planner()).state == "committed"


def test_towns_import_and_round_trip():
    content = csv_bytes(
        ["专业镇代码", "专业镇名称", "所在县代码", "级别", "主导产业", "行业代码", "批次",
         "十大重点专业镇"],
        [["qx-vinegar", "清徐醋镇", "清徐县", "省级", "食醋", "C1469", "1", "是"],
         ["tg-cake", "太谷饼镇", "140703", "city", "", "", "", "否"]],
    )  # fmt: skip
    batch = run("towns", content)
    assert batch.summary == "created 2, updated 0, unchanged 0, rejected 0", batch.errors
    town = Town.objects.get(code="qx-vinegar")
    assert (town.county_id, town.level, town.industry_id, town.batch, town.is_key) == (
        "140121",
        "provincial",
        "C1469",
        1,
        True,
    )
    for fmt in ("csv", "xlsx"):
        buffer = io.BytesIO()
        export_towns(path_or_buffer=buffer, fmt=fmt)
        again = run("towns", buffer.getvalue(), filename=f"t.{fmt}")
        assert again.summary == "created 0, updated 0, unchanged 2, rejected 0", again.errors


def test_an_unknown_county_is_an_error():
    batch = run(
        "towns", csv_bytes(["code", "name", "county", "level"], [["t", "镇", "999999", "省级"]])
    )
    assert [(e["row"], e["code"]) for e in batch.errors] == [(2, "region_unknown")]


def test_chain_members_export_reimports_and_adds_members():
    chain = ChainFactory(code="al", name="铝镁")
    segment = SegmentFactory(chain=chain, name="电解铝", position=1)
    first = EnterpriseFactory(uscc=make_uscc(1))
    second = EnterpriseFactory(uscc=make_uscc(2))
    ChainMember.objects.create(chain=chain, enterprise=first, role="leader", segment=segment)
    buffer = io.BytesIO()
    export_chain_members(path_or_buffer=buffer, fmt="csv")
    batch = run("chains", buffer.getvalue())
    assert batch.summary == "created 0, updated 0, unchanged 1, rejected 0", batch.errors
    content = csv_bytes(
        ["产业链代码", "统一社会信用代码", "角色", "环节"],
        [["铝镁", make_uscc(2), "骨干", "电解铝"], ["al", make_uscc(3), "", ""]],
    )
    batch = run("chains", content)
    assert [(e["row"], e["code"]) for e in batch.errors] == [(3, "enterprise_unknown")]
    batch = run("chains", content, valid_rows_only=True)
    assert batch.summary == "created 1, updated 0, unchanged 0, rejected 1"
    assert memberships_snapshot(second)["chains"] == ["al:backbone@电解铝"]
    assert ChainMember.objects.get(enterprise=second).segment == segment


def test_a_member_row_that_changes_only_the_segment_is_updated_and_audited():
    chain = ChainFactory(code="al", name="铝镁")
    smelting = SegmentFactory(chain=chain, name="电解铝", position=1)
    rolling = SegmentFactory(chain=chain, name="铝加工", position=2)
    enterprise = EnterpriseFactory(uscc=make_uscc(1))
    ChainMember.objects.create(chain=chain, enterprise=enterprise, role="core", segment=smelting)
    header = ["产业链代码", "统一社会信用代码", "角色", "环节"]

    moved = run("chains", csv_bytes(header, [["al", make_uscc(1), "链核", "铝加工"]]))
    again = run("chains", csv_bytes(header, [["al", make_uscc(1), "链核", "铝加工"]]))

    assert moved.summary == "created 0, updated 1, unchanged 0, rejected 0", moved.errors
    assert again.summary == "created 0, updated 0, unchanged 1, rejected 0", again.errors
    assert ChainMember.objects.get(enterprise=enterprise).segment == rolling
    events = AuditEvent.objects.filter(
        object_type="registry.enterprise", object_id=str(enterprise.pk)
    )
    assert [(e.action, e.changes, e.import_batch_id) for e in events] == [
        ("update", {"chains": [["al:core@电解铝"], ["al:core@铝加工"]]}, moved.pk)
    ]


def test_town_members_export_reimports():
    town = TownFactory(code="t1", name="清徐醋镇")
    enterprise = EnterpriseFactory(uscc=make_uscc(1))
    TownMember.objects.create(town=town, enterprise=enterprise, is_leading=True)
    buffer = io.BytesIO()
    export_town_members(path_or_buffer=buffer, fmt="xlsx")
    batch = run("towns", buffer.getvalue(), filename="m.xlsx")
    assert batch.summary == "created 0, updated 0, unchanged 1, rejected 0", batch.errors
    TownMember.objects.all().delete()
    batch = run("towns", buffer.getvalue(), filename="m.xlsx")
    assert batch.summary == "created 1, updated 0, unchanged 0, rejected 0"
    assert memberships_snapshot(enterprise)["towns"] == ["t1:leading"]


def test_the_industry_table_derives_level_and_parent_and_infers_the_letter():
    content = xlsx_bytes(
        ["代码", "名称"],
        [["C", "制造业"], ["27", "医药制造业"], ["279", "测试中类"], ["2799", "测试小类"],
         ["C2798", "另一个小类"]],
        sheet="行业",
    )  # fmt: skip
    batch = run("industries", content, filename="gbt4754.xlsx")
    assert batch.state == "committed", batch.errors
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (3, 0, 2)
    assert list(
        Industry.objects.filter(code__in=["C279", "C2799", "C2798"])
        .order_by("code")
        .values_list("code", "level", "parent_id")
    ) == [("C279", "group", "C27"), ("C2798", "class", "C279"), ("C2799", "class", "C279")]


def test_an_industry_code_without_a_parent_is_refused():
    batch = run("industries", csv_bytes(["code", "name"], [["Z9999", "x"], ["C2", "y"]]))
    assert [(e["row"], e["code"]) for e in batch.errors] == [
        (2, "industry_parent_missing"),
        (3, "industry_code_invalid"),
    ]
