"""The demo's handbooks rendered: PDF text (pdftotext) and Word XML carry what the records say;
a published edition re-renders the same after the records change; the next edition names it."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile

import pytest

from qstrong.casework.models import Need, Task
from qstrong.handbooks import services
from qstrong.handbooks.diff import editions_diff
from qstrong.handbooks.files import handbook_file
from qstrong.handbooks.hooks import overview_counts
from qstrong.handbooks.models import Handbook
from qstrong.handbooks.schemas import Table, content_load
from qstrong.nqi.models import Certificate
from qstrong.policies.models import MatchResult
from qstrong.registry.demo.article_events import ARTICLE_FIGURES
from qstrong.registry.demo.loader import load_demo
from qstrong.registry.models import Segment

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True
    )
    return re.sub(r"\s+", "", out.stdout.decode())


def _docx_text(data: bytes) -> str:
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    return re.sub(r"<[^>]+>|\s+", "", xml)


def _both(handbook: Handbook) -> list[str]:
    return [
        _pdf_text(handbook_file(handbook=handbook, fmt="pdf")),
        _docx_text(handbook_file(handbook=handbook, fmt="docx")),
    ]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_demo_handbooks_say_what_the_records_say() -> None:
    # Given the demo (60 synthetic enterprises, so 21 enterprise handbooks can be drawn)
    load_demo(synthetic=60, users=False)
    figures = {f.metric: int(f.value) for f in ARTICLE_FIGURES if f.subject == "province"}

    # Then the handbook records give the article's counts, by batch
    published = Handbook.objects.filter(state="published")
    for kind in ("enterprise", "chain", "town"):
        assert published.filter(kind=kind).count() == figures[f"{kind}_handbooks"]
        assert published.filter(kind=kind).values("batch").distinct().count() == 2
    assert [row[1] for row in overview_counts(None)] == ["21册", "16个", "18册"]

    # And 广誉远's 一企一册 has its 20 measures, and publishing made its 45 list items
    gyy = published.get(subject_name="广誉远中药股份有限公司")
    measures = list(gyy.measures.order_by("position"))
    assert len(measures) == 20
    needs = Need.objects.filter(enterprise=gyy.enterprise, source="handbook")
    tasks = Task.objects.filter(need__in=needs)
    assert (needs.count(), tasks.count(), tasks.values("responsible_bureau").count()) == (
        15,
        15,
        15,
    )

    # And its PDF and Word file carry the name, every measure, the qualifying policies with the
    # reason, and the three lists (needs, tasks, responsible bureaus)
    eligible = MatchResult.objects.filter(
        enterprise=gyy.enterprise, outcome="eligible", policy__state="published"
    )
    assert eligible.exists()
    for text in _both(gyy):
        assert "广誉远中药股份有限公司" in text
        for m in measures:
            assert _flat(m.text) in text, m.text
        for result in eligible.select_related("policy"):
            assert _flat(result.policy.title) in text
        assert "符合条件的理由" in text and "实际" in text
        for task in tasks.select_related("need", "responsible_bureau"):
            assert _flat(task.need.description) in text
            assert _flat(task.action) in text
            assert _flat(task.responsible_bureau.name) in text

    # And the chain handbooks of 铝 and 轨道交通装备 name their segments (table and map)
    for name in ("铝", "轨道交通装备"):
        chain_book = published.get(kind="chain", subject_name=name)
        segments = list(
            Segment.objects.filter(chain=chain_book.chain).values_list("name", flat=True)
        )
        assert segments
        maps = content_load(chain_book.content).section("maps")
        assert maps is not None
        svg = maps.blocks[1].svg  # type: ignore[union-attr]
        chain_measures = list(chain_book.measures.values_list("text", flat=True))
        package = content_load(chain_book.content).section("policy_package")
        assert chain_measures and package is not None
        policy_rows = [row for b in package.blocks if isinstance(b, Table) for row in b.rows]
        assert policy_rows
        for text in _both(chain_book):
            assert name in text
            for segment in segments:
                assert _flat(segment) in text
            for measure in chain_measures:
                assert _flat(measure) in text
            for title, number, eligible, needs_data in policy_rows:
                assert _flat(f"{title}{number}{eligible}{needs_data}") in text
        for segment in segments:
            assert segment in svg

    # And the town handbooks: 代州黄酒's group standard and brand plan are among its measures
    for name in ("杏花村汾酒专业镇", "清徐老陈醋专业镇", "代州黄酒专业镇"):
        assert published.filter(kind="town", subject_name=name).exists()
    daizhou = published.get(kind="town", subject_name="代州黄酒专业镇")
    town_measures = list(daizhou.measures.values_list("text", flat=True))
    for text in _both(daizhou):
        assert "《代州黄酒》团体标准" in text and "区域公用品牌培育计划" in text
        assert "代州黄酒专业镇" in text
        for measure in town_measures:
            assert _flat(measure) in text
        # and the registers: the group standard and the regional brand matrix (nqi demo)
        assert _flat("成员企业参与制定的标准") in text and "代州黄酒" in text
        assert _flat("区域公用品牌矩阵（区域品牌 + 企业品牌 + 产品品牌）") in text

    # A published edition renders the same bytes after the records change
    before_pdf = handbook_file(handbook=gyy, fmt="pdf")
    before_content = gyy.content
    enterprise = gyy.enterprise
    enterprise.employees = 1234
    enterprise.save()
    Need.objects.create(
        enterprise=enterprise,
        description="需要龟龄集出口认证指导",
        source="visit",
        category="certification",
        raised_on=dt.date(2024, 10, 9),
    )
    Certificate.objects.create(
        enterprise=enterprise,
        scheme="GMP",
        number="示意-GYY-GMP-01",
        body="国家药品监督管理局（示意）",
        issued_on=dt.date(2024, 11, 1),
        expires_on=dt.date(2029, 10, 31),
    )
    gyy.refresh_from_db()
    assert gyy.content == before_content
    assert handbook_file(handbook=gyy, fmt="pdf") == before_pdf

    # And the next edition's "what changed" names the change
    nxt = services.handbook_create(subject=enterprise, actor=None)
    services.handbook_generate(handbook=nxt, actor=None, as_of=dt.date(2024, 12, 1))
    changes = {
        c.key: c for c in editions_diff(content_load(gyy.content), content_load(nxt.content))
    }
    assert "从业人员：— → 1234" in changes["profile"].changed
    assert any("需要龟龄集出口认证指导" in line for line in changes["needs"].added)
    assert (
        "GMP｜示意-GYY-GMP-01｜国家药品监督管理局（示意）｜2029-10-31" in changes["profile"].added
    )
    assert any(
        line.startswith("认证：") and line.endswith("→ GMP") for line in changes["profile"].changed
    ), changes["profile"].changed
    assert nxt.measures.count() == 20 and nxt.measures.filter(task__isnull=False).count() == 15
