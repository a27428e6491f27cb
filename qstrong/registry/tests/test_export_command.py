"""`qstrong export`: enterprises with filters, reference tables, chains, towns and members."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    SegmentFactory,
    TownFactory,
    TownMemberFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db


def rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_export_enterprises_filtered_by_region(tmp_path):
    EnterpriseFactory(uscc=make_uscc(1), region_id="140121")
    EnterpriseFactory(uscc=make_uscc(2), region_id="140703")
    path = tmp_path / "e.csv"
    assert export("enterprises", str(path), "--region", "140100") == (
        f"exported 1 rows to {path}\n"
    )
    assert [r[0] for r in rows(path)[1:]] == [make_uscc(1)]
    export("enterprises", str(path))
    assert len(rows(path)) == 3


def test_export_enterprises_to_xlsx(tmp_path):
    EnterpriseFactory(uscc=make_uscc(1))
    path = tmp_path / "e.xlsx"
    assert export("enterprises", str(path)).startswith("exported 1 rows")
    assert path.read_bytes()[:2] == b"PK"


def test_export_reference_tables(tmp_path):
    export("regions", str(tmp_path / "r.csv"))
    regions = rows(tmp_path / "r.csv")
    assert regions[0] == ["code", "name", "level", "parent"]
    assert ["140703", "太谷区", "county", "140700"] in regions
    export("industries", str(tmp_path / "i.csv"))
    assert ["C27", "医药制造业", "division", "C"] in rows(tmp_path / "i.csv")


def test_export_chains_towns_and_members(tmp_path):
    chain = ChainFactory(code="al", name="铝", chief="链长甲")
    for position, name in enumerate(["铝土矿", "氧化铝", "电解铝"], start=1):
        SegmentFactory(chain=chain, name=name, position=position)
    town = TownFactory(code="t1", name="清徐醋镇", county_id="140121", batch=1, is_key=True)
    enterprise = EnterpriseFactory(uscc=make_uscc(1), name="甲")
    ChainMemberFactory(chain=chain, enterprise=enterprise, role="core")
    TownMemberFactory(town=town, enterprise=enterprise, is_leading=True)
    export("chains", str(tmp_path / "c.csv"))
    assert rows(tmp_path / "c.csv")[1] == [
        "al",
        "铝",
        "链长甲",
        "铝土矿 → 氧化铝 → 电解铝",
        "",
        "0",
    ]
    export("towns", str(tmp_path / "t.csv"))
    assert rows(tmp_path / "t.csv")[1] == ["t1", "清徐醋镇", "140121", "省级", "", "", "1", "是"]
    export("chain-members", str(tmp_path / "cm.csv"), "--chain", "al")
    assert rows(tmp_path / "cm.csv")[1] == ["al", "铝", make_uscc(1), "甲", "链核", ""]
    export("town-members", str(tmp_path / "tm.csv"))
    assert rows(tmp_path / "tm.csv")[1] == ["t1", "清徐醋镇", make_uscc(1), "甲", "是"]


def test_export_members_filtered_by_their_own_chain_or_town_and_region(tmp_path):
    aluminium, coal = ChainFactory(code="al", name="铝"), ChainFactory(code="coal", name="煤")
    vinegar = TownFactory(code="t1", name="清徐醋镇", county_id="140121")
    glass = TownFactory(code="t2", name="祁县玻璃镇", county_id="140727")
    here = EnterpriseFactory(uscc=make_uscc(1), name="甲", region_id="140121")
    there = EnterpriseFactory(uscc=make_uscc(2), name="乙", region_id="140703")
    for chain in (aluminium, coal):
        for enterprise in (here, there):
            ChainMemberFactory(chain=chain, enterprise=enterprise, role="core")
    for town in (vinegar, glass):
        TownMemberFactory(town=town, enterprise=here)
    path = tmp_path / "m.csv"

    export("chain-members", str(path), "--chain", "al")
    assert sorted((r[0], r[2]) for r in rows(path)[1:]) == [
        ("al", make_uscc(1)),
        ("al", make_uscc(2)),
    ]
    export("chain-members", str(path), "--chain", "al", "--region", "140100")
    assert [(r[0], r[2]) for r in rows(path)[1:]] == [("al", make_uscc(1))]
    export("town-members", str(path), "--town", "t2")
    assert [(r[0], r[2]) for r in rows(path)[1:]] == [("t2", make_uscc(1))]
    assert export("town-members", str(path), "--region", "140700") == (
        f"exported 0 rows to {path}\n"
    )
