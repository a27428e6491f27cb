"""Quality problems in headless Chromium: the closed loop through the pages, and a refusal."""

from __future__ import annotations

from typing import Any

import pytest

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    province_planner,
)
from qstrong.quality.demo import load_demo as load_quality_demo
from qstrong.quality.models import Grade, Problem, ProblemState, Programme
from qstrong.quality.tests.factories import ProblemFactory
from qstrong.registry.demo.loader import chains_load, enterprises_load, towns_load
from qstrong.registry.models import Chain, Segment
from qstrong.registry.tests.factories import ChainMemberFactory, EnterpriseFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _article_quality_demo() -> None:
    chains_load()
    towns_load()
    enterprises_load()
    load_quality_demo(say=lambda _text: None)


def _kanban_column_of(page: Any, title: str) -> str:
    page.goto("/quality/problems/kanban/")
    card = page.locator("[data-testid^=kanban-]", has=page.get_by_role("link", name=title))
    return str(card.get_attribute("data-state"))


def _take(page: Any, toggle: str, comment: str, **fields: str) -> None:
    """Open a transition's form, fill it, confirm; the page reloads on the problem."""
    page.get_by_role("button", name=toggle, exact=True).click()
    form = page.locator(f"#tr-{fields.pop('name')}")
    form.locator("textarea[name=comment]").fill(comment)
    if "root_cause" in fields:
        form.locator("textarea[name=root_cause]").fill(fields["root_cause"])
    if "evidence_note" in fields:
        form.locator("input[name=evidence_note]").fill(fields["evidence_note"])
    # Wait for the reload itself: "networkidle" alone can resolve before the POST navigates.
    with page.expect_navigation():
        form.get_by_role("button", name=f"确认：{toggle}").click()
    page.wait_for_load_state("networkidle")


def test_a_county_officer_drives_a_general_problem_to_closure(page: Any) -> None:
    # Given the article's chains and quality records, and a 清徐 enterprise on a chain
    _article_quality_demo()
    chain = Chain.objects.get(code="prefab_building")
    enterprise = EnterpriseFactory(name="清徐县示范建材有限公司", region_id="140121")
    ChainMemberFactory(
        enterprise=enterprise,
        chain=chain,
        segment=Segment.objects.get(chain=chain, name="建筑材料"),
    )
    officer = county_officer_qingxu()
    log_in(page, officer.username, PASSWORD)

    # When the officer registers a general problem on the chain
    page.goto("/quality/problems/new/")
    page.fill("input[name=title]", "预制构件混凝土强度离散")
    page.select_option("select[name=chain]", label="装配式建筑")
    page.select_option("select[name=enterprises]", label=enterprise.name)
    page.select_option("select[name=grade]", value="general")
    page.select_option("select[name=klass]", value="technology")
    page.fill("textarea[name=description]", "同批次预制构件抽检强度离散系数偏大")
    with page.expect_navigation():
        page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_load_state("networkidle")
    title = "预制构件混凝土强度离散"
    assert page.locator("h1").inner_text().startswith(title)
    assert _kanban_column_of(page, title) == "registered"
    problem = Problem.objects.get(title=title)

    # ... analyses it, adds a corrective action and plans
    page.goto(f"/quality/problems/{problem.pk}/")
    _take(page, "完成原因分析", "现场取样分析", name="analyse", root_cause="养护温湿度控制不稳")
    assert page.get_by_test_id("root-cause").inner_text() == "养护温湿度控制不稳"
    page.get_by_role("button", name="添加措施").click()
    action_form = page.get_by_test_id("action-form")
    action_form.locator("select[name=kind]").select_option("corrective")
    action_form.locator("textarea[name=description]").fill("加装养护室温湿度自动控制")
    action_form.locator("select[name=owner_enterprise]").select_option(label=enterprise.name)
    action_form.locator("input[name=owner_person]").fill("生产部 李工")
    action_form.locator("input[name=deadline]").fill("2030-06-30")
    with page.expect_navigation():
        action_form.get_by_role("button", name="保存措施").click()
    page.wait_for_load_state("networkidle")
    _take(page, "确定整改措施", "措施与责任人已落实", name="plan")
    assert _kanban_column_of(page, title) == "action_planned"
    screenshot(page, "quality-kanban")

    # ... starts, completes the action, submits for the check, passes it and closes
    page.goto(f"/quality/problems/{problem.pk}/")
    _take(page, "开始整改", "开始实施", name="start")
    with page.expect_navigation():
        page.get_by_role("button", name="标记完成").click()
    page.wait_for_load_state("networkidle")
    _take(page, "提交效果验证", "措施已完成", name="submit_check")
    assert _kanban_column_of(page, title) == "effectiveness_check"
    page.goto(f"/quality/problems/{problem.pk}/")
    _take(
        page,
        "效果验证通过",
        "连续三批抽检合格",
        name="check_pass",
        evidence_note="检测报告 QX-2024-031",
    )
    assert page.get_by_test_id("check-passed").is_visible()
    _take(page, "关闭问题", "闭环完成", name="close", evidence_note="检测报告 QX-2024-031")

    # Then it is closed, the timeline holds every step, and the kanban shows it in 已关闭
    assert page.get_by_test_id("problem-state").first.inner_text() == "已关闭"
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in (
        "已登记 → 已分析",
        "已制定措施 → 整改中",
        "效果验证 → 已关闭",
        "检测报告 QX-2024-031",
    ):
        assert step in timeline
    screenshot(page, "quality-problem-detail")
    assert _kanban_column_of(page, title) == "closed"

    # And a loss recorded on it shows on the chain's page as savings
    page.goto(f"/quality/problems/{problem.pk}/")
    page.get_by_role("button", name="记录质量损失").click()
    page.fill("input[name=year]", "2024")
    page.fill("input[name=failures_before]", "13")
    page.fill("input[name=failures_after]", "0")
    page.fill("input[name=cost_per_failure]", "1.06")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("loss-savings").inner_text() == "节约 13.78 万元"
    page.goto("/registry/chains/prefab_building/")
    page.get_by_test_id("quality-panel").wait_for()
    assert "节约 13.78 万元" in page.get_by_test_id("quality-panel").inner_text()
    problem.refresh_from_db()
    assert problem.state == ProblemState.CLOSED


def test_a_county_officer_cannot_move_a_critical_problem(page: Any) -> None:
    # Given a critical problem in 清徐 and the county officer
    problem = ProblemFactory(title="重大质量问题（测试）", grade=Grade.CRITICAL)
    officer = county_officer_qingxu()
    log_in(page, officer.username, PASSWORD)

    # When they open it, then no transition is offered and the reason is shown
    page.goto(f"/quality/problems/{problem.pk}/")
    assert page.locator("[data-testid^=toggle-]").count() == 0
    assert "重大问题须由省局规划人员办理" in page.get_by_test_id("no-transitions").inner_text()

    # And a forged POST is refused with the same reason
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"/quality/problems/{problem.pk}/transitions/analyse/",
        form={"comment": "x", "root_cause": "y"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )
    assert response.status == 403
    assert "重大问题须由省局规划人员办理" in response.text()
    problem.refresh_from_db()
    assert problem.state == ProblemState.REGISTERED


def test_screens_of_the_ledger_and_a_programme(page: Any) -> None:
    _article_quality_demo()
    log_in(page, province_planner().username, PASSWORD)
    page.goto("/quality/ledger/")
    assert page.get_by_test_id("ledger-total").inner_text() == "213.78"
    screenshot(page, "quality-ledger")
    page.goto("/quality/problems/kanban/")
    screenshot(page, "quality-kanban-province")
    campaign = Programme.objects.get(code="cert_qingxu_vinegar")
    page.goto(f"/quality/programmes/{campaign.pk}/")
    assert "3 / 10（30%）" in page.get_by_test_id("progress-cert_qingxu_vinegar").inner_text()
    screenshot(page, "quality-programme")
    page.goto("/quality/programmes/")
    screenshot(page, "quality-programmes")

    # The same pages in English (the second language)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    for url, name in (
        ("/quality/ledger/", "ledger"),
        ("/quality/problems/kanban/", "kanban"),
        (f"/quality/programmes/{campaign.pk}/", "programme"),
        (
            f"/quality/problems/{Problem.objects.get(title='主断路器螺堵接磨质量问题').pk}/",
            "detail",
        ),
    ):
        page.goto(url)
        screenshot(page, f"quality-{name}-en")
    assert "Quality-loss ledger" in page.content() or page.get_by_text("Timeline").is_visible()


def test_an_officer_registers_a_key_project_with_the_picker(page: Any) -> None:
    # Given two 清徐 enterprises and an open problem
    lead = EnterpriseFactory(name="清徐县精工装备有限公司", region_id="140121")
    supplier = EnterpriseFactory(name="清徐县密封件配套厂", region_id="140121")
    ProblemFactory(title="密封件渗漏（测试）")
    log_in(page, county_officer_qingxu().username, PASSWORD)

    # When the officer fills the form, picking the enterprises by search
    page.goto("/quality/projects/")
    page.get_by_test_id("project-create").click()
    page.fill("input[name=name]", "密封件国产化攻关")
    page.locator("#picker-lead_enterprise").fill("精工装备")
    page.get_by_role("option", name=lead.name).click()
    page.locator("#picker-partner_enterprises").fill("密封件")
    page.get_by_role("option", name=supplier.name).click()
    page.select_option("select[name=problems]", label="密封件渗漏（测试）")
    screenshot(page, "quality-project-form")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state("networkidle")

    # Then the project page shows it; a milestone and an indicator are added and done
    assert page.locator("h1").inner_text().startswith("密封件国产化攻关")
    assert supplier.name in page.content()
    page.get_by_role("button", name="添加里程碑").click()
    # The form opens with Bootstrap's collapse: wait until it is open, and for the page that
    # saving it loads (a loaded machine once clicked while it was still opening).
    page.wait_for_selector("#milestone-form.show")
    page.locator("#milestone-form input[name=title]").fill("样件验证")
    with page.expect_navigation():
        page.get_by_role("button", name="保存里程碑").click()
    page.wait_for_load_state("networkidle")
    with page.expect_navigation():
        page.get_by_role("button", name="标记完成").click()
    page.wait_for_load_state("networkidle")
    assert "完成于" in page.get_by_test_id("milestones").inner_text()
    page.get_by_role("button", name="添加成效指标").click()
    page.locator("#indicator-form input[name=name]").fill("渗漏次数")
    page.locator("#indicator-form input[name=before]").fill("12")
    page.locator("#indicator-form input[name=after]").fill("1")
    page.get_by_role("button", name="保存指标").click()
    page.wait_for_load_state("networkidle")
    assert "渗漏次数" in page.locator("#indicators").inner_text()
    screenshot(page, "quality-project-detail")
    project_url = page.url.split("#")[0]

    # And every page reads in English too
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    for url, name in (
        (project_url, "project-detail"),
        (project_url + "edit/", "project-form"),
        ("/quality/programmes/new/", "programme-form"),
        ("/quality/projects/", "projects"),
        ("/quality/problems/", "problems"),
    ):
        page.goto(url)
        screenshot(page, f"quality-{name}-en")
    page.goto(project_url + "edit/")
    assert page.locator("h1").inner_text() == "Edit key project"
