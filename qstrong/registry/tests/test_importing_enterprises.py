"""Enterprise import: validation, all-or-nothing commit, upsert semantics, audit, jurisdiction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, county_officer_taigu, leader
from qstrong.core.models import AuditEvent, Job
from qstrong.registry.importing import (
    import_batch_create,
    import_batch_run,
    import_batch_start,
)
from qstrong.registry.models import ChainMember, Enterprise, ImportBatch, TownMember
from qstrong.registry.services import enterprise_snapshot, memberships_snapshot
from qstrong.registry.tests.factories import (
    ENTERPRISE_HEADER,
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    csv_bytes,
    make_uscc,
)

pytestmark = pytest.mark.django_db

U1, U2, U3 = make_uscc(101), make_uscc(102), make_uscc(103, "140703")


def run(content: bytes, *, actor=None, filename="企业.csv", **options) -> ImportBatch:
    batch = import_batch_create(
        kind="enterprises", filename=filename, content=content, actor=actor, **options
    )
    return import_batch_run(batch=batch, actor=actor)


def good_rows() -> list[list[object]]:
    return [
        [
            U1,
            "清徐老陈醋股份有限公司",
            "140121",
            "C1469",
            "2019/6/30",
            "356",
            "52000.5",
            "3000",
            "",
            "ISO 9001；ISO14001:2015、有机产品认证",
            "高新技术企业,little_giant",
            "醋:链主",
            "清徐醋镇",
            "3",
            "12",
            "A",
            "张三",
            "0351-5721234",
        ],
        [
            U2,
            "清徐葡萄酒有限公司",
            "140121",
            "C1515",
            "2019年6月30日",
            "",
            "",
            "",
            "小型",
            "无",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            U3,
            "太谷饼业有限公司",
            "140703",
            "",
            "2001-01-02",
            "18",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "B",
            "",
            "=HYPERLINK()",
        ],
    ]


@pytest.fixture
def chain_and_town():
    chain = ChainFactory(code="vinegar", name="醋")
    town = TownFactory(code="qingxu-vinegar", name="清徐醋镇", county_id="140121")
    return chain, town


def test_a_good_file_imports_with_exact_counts_and_values(chain_and_town):
    # given a file with three new enterprises
    content = csv_bytes(ENTERPRISE_HEADER, good_rows())
    # when it is imported
    batch = run(content)
    # then all three are created with the values as written
    assert (batch.state, batch.summary) == (
        "committed",
        "created 3, updated 0, unchanged 0, rejected 0",
    )
    assert batch.errors == []
    first = Enterprise.objects.get(uscc=U1)
    assert enterprise_snapshot(first) == {
        "name": "清徐老陈醋股份有限公司", "region_id": "140121", "industry_id": "C1469",
        "established": "2019-06-30", "employees": 356, "revenue": "52000.50",
        "registered_capital": "3000", "scale": "medium",
        "certifications": ["ISO14001", "ISO9001", "有机产品认证"],
        "tags": ["high_tech", "little_giant"], "standards_led": 3, "patents": 12,
        "credit_rating": "A", "contact_name": "张三", "contact_phone": "0351-5721234",
        "scale_derived": True,
    }  # fmt: skip
    assert memberships_snapshot(first) == {
        "chains": ["vinegar:leader"],
        "towns": ["qingxu-vinegar"],
    }
    second = Enterprise.objects.get(uscc=U2)
    assert (second.established, second.employees, second.scale, second.scale_derived) == (
        dt.date(2019, 6, 30),
        None,
        "small",
        False,
    )
    assert (second.certifications, second.tags) == ([], None)
    third = Enterprise.objects.get(uscc=U3)
    assert (third.scale, third.scale_derived, third.contact_phone) == ("", False, "=HYPERLINK()")
    assert third.source == "import"


def test_importing_the_same_file_again_changes_nothing(chain_and_town):
    # given a file already imported
    content = csv_bytes(ENTERPRISE_HEADER, good_rows())
    run(content)
    events = AuditEvent.objects.filter(object_type="registry.enterprise").count()
    snapshots = {e.uscc: enterprise_snapshot(e) for e in Enterprise.objects.all()}
    # when it is imported a second time
    batch = run(content)
    # then every row is unchanged and nothing is written
    assert batch.summary == "created 0, updated 0, unchanged 3, rejected 0"
    assert AuditEvent.objects.filter(object_type="registry.enterprise").count() == events
    assert {e.uscc: enterprise_snapshot(e) for e in Enterprise.objects.all()} == snapshots


def test_a_file_with_bad_rows_is_refused_whole_with_every_error_named(chain_and_town):
    # given an existing enterprise and a file with one good and several bad rows
    EnterpriseFactory(uscc=make_uscc(1))
    bad_check = U1[:-1] + ("0" if U1[-1] != "0" else "1")
    rows = [
        [
            U2,
            "好企业",
            "140121",
            "C1469",
            "2020-01-01",
            "10",
            "1",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            bad_check,
            "校验位错",
            "140121",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            U3,
            "区划错",
            "149999",
            "",
            "2019-02-30",
            "-5",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "E",
            "",
            "",
        ],
        [
            U2,
            "重复",
            "140121",
            "",
            "",
            "",
            "-1.5",
            "",
            "",
            "",
            "",
            "不存在的链",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    # when it is imported
    batch = run(csv_bytes(ENTERPRISE_HEADER, rows))
    # then nothing is written and every problem is listed
    assert batch.state == "rejected"
    assert Enterprise.objects.count() == 1
    assert not AuditEvent.objects.filter(object_type="registry.enterprise").exists()
    assert [(e["row"], e["column"], e["value"], e["code"]) for e in batch.errors] == [
        (3, "统一社会信用代码", bad_check, "uscc_checksum"),
        (4, "行政区划代码", "149999", "region_unknown"),
        (4, "成立日期", "2019-02-30", "date_invalid"),
        (4, "从业人员", "-5", "negative"),
        (4, "信用等级", "E", "credit_invalid"),
        (5, "统一社会信用代码", U2, "uscc_duplicate"),
        (5, "营业收入（万元）", "-1.5", "negative"),
        (5, "产业链", "不存在的链", "chain_unknown"),
    ]
    assert batch.errors[0]["reason"] == f"统一社会信用代码校验位错误（应为 {U1[-1]}）"
    assert batch.errors[5]["reason"] == "统一社会信用代码与第 2 行重复"
    assert batch.rejected_count == 3
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 0, 0)


def test_reasons_are_given_in_english_on_request():
    rows = [[U1, "甲", "149999"]]
    batch = run(csv_bytes(["uscc", "name", "region"], rows), language="en")
    assert batch.errors == [
        {
            "row": 2,
            "column": "region",
            "value": "149999",
            "code": "region_unknown",
            "reason": "Unknown region code (it must be a county-level code of the region table)",
        }
    ]


def test_valid_rows_only_imports_the_good_rows_and_counts_the_rest():
    rows = [[U1, "甲", "140121"], [U2, "乙", "999999"], [U3, "丙", "140703"]]
    batch = run(csv_bytes(["uscc", "name", "region"], rows), valid_rows_only=True)
    assert batch.state == "committed"
    assert batch.summary == "created 2, updated 0, unchanged 0, rejected 1"
    assert sorted(Enterprise.objects.values_list("uscc", flat=True)) == sorted([U1, U3])
    assert [(e["row"], e["code"]) for e in batch.errors] == [(3, "region_unknown")]


def test_a_dry_run_counts_but_writes_nothing():
    EnterpriseFactory(uscc=U1, name="旧名")
    rows = [[U1, "新名", "140121"], [U2, "乙", "140121"]]
    batch = run(csv_bytes(["uscc", "name", "region"], rows), dry_run=True)
    assert (batch.state, batch.summary) == (
        "dry_run",
        "created 1, updated 1, unchanged 0, rejected 0",
    )
    assert list(Enterprise.objects.values_list("uscc", "name")) == [(U1, "旧名")]
    assert not AuditEvent.objects.filter(object_type="registry.enterprise").exists()


def test_only_the_columns_in_the_file_are_updated_and_audited():
    # given an enterprise with employees, revenue and tags
    enterprise = EnterpriseFactory(
        uscc=U1,
        name="旧名",
        employees=50,
        revenue=Decimal("1200.00"),
        tags=["high_tech"],
        scale="small",
        patents=4,
    )
    before = enterprise_snapshot(enterprise)
    # when a file with only the name and an empty employees cell is imported
    batch = run(csv_bytes(["统一社会信用代码", "企业名称", "从业人员"], [[U1, "新名", ""]]))
    # then the name changes, employees becomes "not recorded", the rest stays
    assert batch.summary == "created 0, updated 1, unchanged 0, rejected 0"
    enterprise.refresh_from_db()
    after = enterprise_snapshot(enterprise)
    assert (
        after["name"],
        after["employees"],
        after["revenue"],
        after["tags"],
        after["patents"],
    ) == ("新名", None, "1200", ["high_tech"], 4)
    event = AuditEvent.objects.get(object_type="registry.enterprise", object_id=str(enterprise.pk))
    assert event.action == "update"
    assert event.import_batch_id == batch.pk
    assert event.changes == {"name": ["旧名", "新名"], "employees": [50, None]}
    assert {k: v for k, v in before.items() if k not in event.changes} == {
        k: v for k, v in after.items() if k not in event.changes
    }


def test_created_enterprises_are_audited_like_the_services_do():
    batch = run(csv_bytes(["uscc", "name", "region", "revenue"], [[U1, "甲", "140121", "12.5"]]))
    enterprise = Enterprise.objects.get(uscc=U1)
    event = AuditEvent.objects.get(object_type="registry.enterprise")
    snapshot = enterprise_snapshot(enterprise)
    assert event.action == "create"
    assert event.object_id == str(enterprise.pk)
    assert event.import_batch_id == batch.pk
    assert event.changes == {k: [None, v] for k, v in snapshot.items() if v is not None}


def test_list_columns_distinguish_unknown_from_none():
    rows = [[U1, "甲", "140121", "", "无"], [U2, "乙", "140121", "none", "ISO9001:2015"]]
    run(csv_bytes(["uscc", "name", "region", "tags", "certifications"], rows))
    assert Enterprise.objects.get(uscc=U1).tags is None
    assert Enterprise.objects.get(uscc=U1).certifications == []
    assert Enterprise.objects.get(uscc=U2).tags == []
    assert Enterprise.objects.get(uscc=U2).certifications == ["ISO9001"]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("ISO 9001", "ISO9001"),
        ("ISO9001:2015", "ISO9001"),
        ("iso9001", "ISO9001"),
        ("GB/T 19001-2016", "ISO9001"),
        ("ISO 14001:2015", "ISO14001"),
        ("ISO45001", "ISO45001"),
        ("IATF 16949", "IATF16949"),
        ("haccp", "HACCP"),
        ("ISO 22000", "ISO22000"),
        ("绿色工厂", "绿色工厂"),
    ],
)
def test_certification_names_are_normalised(written, key):
    run(csv_bytes(["uscc", "name", "region", "certifications"], [[U1, "甲", "140121", written]]))
    assert Enterprise.objects.get(uscc=U1).certifications == [key]


def test_memberships_follow_the_import_rules(chain_and_town):
    chain, _town = chain_and_town
    other = ChainFactory(code="wine", name="葡萄酒")
    # given U1 on the vinegar chain as a leader and U2 on the wine chain
    e1 = EnterpriseFactory(uscc=U1)
    e2 = EnterpriseFactory(uscc=U2)
    ChainMemberFactory(enterprise=e1, chain=chain, role="leader")
    ChainMemberFactory(enterprise=e2, chain=other, role="core")
    # when a file leaves U1's cell empty, says 无 for U2, and gives a new one a chain
    rows = [[U1, ""], [U2, "无"], [U3, "wine"]]
    batch = run(
        csv_bytes(
            ["uscc", "chains", "name", "region"],
            [[u, c, "企业", "140703" if u == U3 else "140121"] for u, c in rows],
        )
    )
    # then U1 keeps its chain, U2 leaves its chain, U3 joins as a supplier (the default role)
    assert batch.state == "committed", batch.errors
    assert memberships_snapshot(e1)["chains"] == ["vinegar:leader"]
    assert memberships_snapshot(e2)["chains"] == []
    assert memberships_snapshot(Enterprise.objects.get(uscc=U3))["chains"] == ["wine:supplier"]
    event = AuditEvent.objects.get(object_type="registry.enterprise", object_id=str(e2.pk))
    assert event.changes["chains"] == [["wine:core"], []]


def test_existing_segments_are_kept_and_audited_with_the_memberships(chain_and_town):
    chain, _town = chain_and_town
    wine = ChainFactory(code="wine", name="葡萄酒")
    brewing = SegmentFactory(chain=chain, name="食醋酿造", position=1)
    bottling = SegmentFactory(chain=chain, name="灌装", position=2)
    header = ["uscc", "name", "region", "chains"]
    rows = [[U1, "甲", "140121", "醋:链主;葡萄酒:链核"], [U2, "乙", "140121", "醋"]]
    run(csv_bytes(header, rows))
    e1, e2 = Enterprise.objects.get(uscc=U1), Enterprise.objects.get(uscc=U2)
    # given segments set since (by a member list or a form)
    ChainMember.objects.filter(enterprise=e1, chain=chain).update(segment=brewing)
    ChainMember.objects.filter(enterprise=e2, chain=chain).update(segment=bottling)
    audited = AuditEvent.objects.filter(object_type="registry.enterprise")
    events_before = audited.count()
    # when the same file is imported again, then nothing changes and nothing is audited
    batch = run(csv_bytes(header, rows))
    assert batch.summary == "created 0, updated 0, unchanged 2, rejected 0", batch.errors
    assert audited.count() == events_before
    # when a file changes U1's role on 醋, drops 葡萄酒 and moves U2 to 葡萄酒 as well
    rows = [[U1, "甲", "140121", "醋:链核"], [U2, "乙", "140121", "醋;葡萄酒"]]
    batch = run(csv_bytes(header, rows))
    # then the kept memberships keep their segments, the new one has none, all audited so
    assert batch.summary == "created 0, updated 2, unchanged 0, rejected 0", batch.errors
    changes = {e.object_id: e.changes for e in audited.order_by("id")[events_before:]}
    assert changes == {
        str(e1.pk): {
            "chains": [["vinegar:leader@食醋酿造", "wine:core"], ["vinegar:core@食醋酿造"]]
        },
        str(e2.pk): {
            "chains": [["vinegar:supplier@灌装"], ["vinegar:supplier@灌装", "wine:supplier"]]
        },
    }
    assert memberships_snapshot(e1)["chains"] == ["vinegar:core@食醋酿造"]
    assert memberships_snapshot(e2)["chains"] == ["vinegar:supplier@灌装", "wine:supplier"]
    assert ChainMember.objects.get(enterprise=e2, chain=wine).segment is None
    # and importing that file again is unchanged
    batch = run(csv_bytes(header, rows))
    assert batch.summary == "created 0, updated 0, unchanged 2, rejected 0", batch.errors


def test_roles_and_towns_are_read_in_chinese_or_english(chain_and_town):
    rows = [
        [U1, "甲", "140121", "醋：骨干", "清徐醋镇:龙头"],
        [U2, "乙", "140121", "vinegar:core", "qingxu-vinegar"],
    ]
    run(csv_bytes(["uscc", "name", "region", "chains", "towns"], rows))
    assert memberships_snapshot(Enterprise.objects.get(uscc=U1)) == {
        "chains": ["vinegar:backbone"],
        "towns": ["qingxu-vinegar:leading"],
    }
    assert memberships_snapshot(Enterprise.objects.get(uscc=U2)) == {
        "chains": ["vinegar:core"],
        "towns": ["qingxu-vinegar"],
    }
    assert ChainMember.objects.count() == 2
    assert TownMember.objects.count() == 2


def test_a_county_officer_cannot_import_rows_of_another_county():
    # given an officer of 清徐 and an enterprise of 太谷 already registered
    officer = county_officer_qingxu()
    EnterpriseFactory(uscc=U3, region_id="140703")
    rows = [[U1, "甲", "140121"], [U2, "乙", "140703"], [U3, "丙", "140121"]]
    # when the officer imports rows for 太谷
    batch = run(csv_bytes(["uscc", "name", "region"], rows), actor=officer)
    # then those rows are errors and nothing is written
    assert batch.state == "rejected"
    assert [(e["row"], e["column"], e["reason"]) for e in batch.errors] == [
        (3, "region", "不在您的辖区"),
        (4, "region", "不在您的辖区"),
    ]
    # and with valid rows only, the officer's own county is imported
    batch = run(csv_bytes(["uscc", "name", "region"], rows), actor=officer, valid_rows_only=True)
    assert batch.summary == "created 1, updated 0, unchanged 0, rejected 2"
    assert Enterprise.objects.get(uscc=U1).created_by == officer


def test_an_officer_of_another_county_may_import_their_own():
    batch = run(
        csv_bytes(["uscc", "name", "region"], [[U3, "丙", "140703"]]), actor=county_officer_taigu()
    )
    assert batch.summary == "created 1, updated 0, unchanged 0, rejected 0"


def test_a_read_only_role_cannot_import_at_all():
    batch = run(csv_bytes(["uscc", "name", "region"], [[U1, "甲", "140121"]]), actor=leader())
    assert batch.state == "rejected"
    assert [e["code"] for e in batch.errors] == ["forbidden"]
    assert not Enterprise.objects.exists()


def test_a_new_enterprise_needs_a_name_and_region():
    EnterpriseFactory(uscc=U1)
    batch = run(csv_bytes(["uscc", "employees"], [[U1, "20"], [U2, "30"]]))
    assert [(e["row"], e["column"], e["code"]) for e in batch.errors] == [
        (3, "企业名称", "required_new"),
        (3, "行政区划代码", "required_new"),
    ]


def test_a_crash_leaves_the_registry_as_it_was(monkeypatch):
    from qstrong.registry.importing import commit

    original = commit.dbwrite.insert_frame
    calls = []

    def insert_then_crash(model, frame, tick=None):
        original(model, frame, tick)
        calls.append(model)
        if model is Enterprise:
            raise RuntimeError("disk full")

    monkeypatch.setattr(commit.dbwrite, "insert_frame", insert_then_crash)
    batch = run(csv_bytes(["uscc", "name", "region"], [[U1, "甲", "140121"]]))
    assert calls == [Enterprise]
    assert batch.state == "failed"
    assert "disk full" in batch.message
    assert not Enterprise.objects.exists()
    assert ImportBatch.objects.filter(pk=batch.pk, state="failed").exists()


def test_the_original_file_is_kept_byte_for_byte():
    content = csv_bytes(["uscc", "name", "region"], [[U1, "甲", "140121"]], "gb18030")
    batch = run(content, filename="清徐.csv")
    with batch.file.open("rb") as handle:
        assert handle.read() == content
    assert (batch.size, len(batch.sha256), batch.filename) == (len(content), 64, "清徐.csv")


def test_a_background_import_runs_as_a_job_with_progress(django_capture_on_commit_callbacks):
    content = csv_bytes(["uscc", "name", "region"], [[U1, "甲", "140121"]])
    batch = import_batch_create(kind="enterprises", filename="a.csv", content=content, actor=None)
    # the task is queued once the request's transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        job = import_batch_start(batch=batch, actor=None)
    job = Job.objects.get(pk=job.pk)
    batch.refresh_from_db()
    assert (job.kind, job.state, batch.job_id, batch.state) == (
        "import",
        "succeeded",
        job.pk,
        "committed",
    )
    assert job.result["created"] == 1
    assert job.task_result_id
