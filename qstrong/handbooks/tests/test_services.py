"""Handbook life: draft from records, edit, review by another officer, publish, next edition."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qstrong.accounts.models import Organisation, Role
from qstrong.accounts.tests.factories import (
    UserFactory,
    county_officer_qingxu,
    county_officer_taigu,
    province_planner,
)
from qstrong.casework.models import Need, Task
from qstrong.core.models import AppendOnlyError
from qstrong.handbooks import services
from qstrong.handbooks.diff import editions_diff
from qstrong.handbooks.models import Handbook, HandbookEvent
from qstrong.handbooks.schemas import content_load
from qstrong.handbooks.tests.factories import AS_OF, drafted, qingxu_bureau

pytestmark = pytest.mark.django_db
PUBLISHED_ON = dt.date(2024, 10, 8)


def _colleague() -> object:
    return UserFactory(username="qingxu2", organisation=qingxu_bureau(), role=Role.COUNTY_OFFICER)


def test_a_draft_is_composed_from_the_records_in_the_section_order() -> None:
    # Given a 清徐 enterprise; When its handbook is drafted by the 清徐 officer
    officer = county_officer_qingxu()
    handbook = drafted(actor=officer)
    content = content_load(handbook.content)
    # Then it is a draft whose sections follow the enterprise order, dated as asked
    assert handbook.state == Handbook.State.DRAFT
    assert [s.key for s in content.sections][:4] == ["profile", "measures", "policies", "needs"]
    assert content.data_date == "2024-09-30"
    assert content.subject_name == "清徐宝源老陈醋有限公司"
    # And the measures come from the library (15 enterprise measures)
    assert handbook.measures.count() == 15


def test_an_officer_of_another_county_may_not_create_or_edit() -> None:
    from qstrong.registry.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory()
    with pytest.raises(PermissionDenied):
        services.handbook_create(subject=enterprise, actor=county_officer_taigu())


def test_regenerating_keeps_edited_sections_and_refreshes_the_rest() -> None:
    officer = county_officer_qingxu()
    handbook = drafted(actor=officer)
    services.section_edit(handbook=handbook, actor=officer, key="contacts", text="请联系清徐县局。")
    enterprise = handbook.enterprise
    enterprise.employees = 321
    enterprise.save()
    services.handbook_generate(handbook=handbook, actor=officer, as_of=AS_OF)
    content = content_load(handbook.content)
    contacts = content.section("contacts")
    assert contacts is not None and contacts.edited
    assert contacts.blocks[0].text == "请联系清徐县局。"  # type: ignore[union-attr]
    profile = dict(content.section("profile").blocks[0].rows)  # type: ignore[union-attr]
    assert profile["从业人员"] == "321"


def test_publishing_needs_another_officer_and_turns_measures_into_tasks_once() -> None:
    editor, reviewer = county_officer_qingxu(), _colleague()
    handbook = drafted(actor=editor)
    measure = handbook.measures.order_by("position").first()
    assert measure is not None
    services.measure_save(
        handbook=handbook,
        actor=editor,
        measure=measure,
        data=services.MeasureData(
            category=measure.category,
            text="上门集中检定计量器具",
            need_text="计量器具需要检定",
            responsible_bureau=qingxu_bureau(),
            deadline=dt.date(2024, 12, 31),
        ),
    )
    services.handbook_submit(handbook=handbook, actor=editor)
    # The editor may not publish their own handbook
    with pytest.raises(ValidationError):
        services.handbook_publish(handbook=handbook, actor=editor, today=PUBLISHED_ON)
    services.handbook_publish(handbook=handbook, actor=reviewer, today=PUBLISHED_ON)
    handbook.refresh_from_db()
    assert (handbook.state, handbook.reviewer, handbook.published_on) == (
        Handbook.State.PUBLISHED,
        reviewer,
        PUBLISHED_ON,
    )
    # Exactly the committed measure became a need (source: handbook) with its task
    task = Task.objects.get()
    assert (task.action, task.due_date, task.responsible_bureau) == (
        "上门集中检定计量器具",
        dt.date(2024, 12, 31),
        qingxu_bureau(),
    )
    assert (task.need.source, task.need.description) == (Need.Source.HANDBOOK, "计量器具需要检定")
    # And the frozen measures section shows the task's progress
    rows = content_load(handbook.content).section("measures").blocks[1].rows  # type: ignore[union-attr]
    assert rows[0][-1] == "待办"
    # A published edition is frozen
    with pytest.raises(ValidationError):
        services.section_edit(handbook=handbook, actor=editor, key="profile", text="x")
    # The next edition carries the measure with its task: publishing again makes no new task
    nxt = services.handbook_create(subject=handbook.enterprise, actor=editor)
    services.handbook_generate(handbook=nxt, actor=editor, as_of=AS_OF)
    services.handbook_submit(handbook=nxt, actor=editor)
    services.handbook_publish(handbook=nxt, actor=reviewer, today=PUBLISHED_ON)
    assert Task.objects.count() == 1
    handbook.refresh_from_db()
    assert (handbook.state, nxt.edition) == (Handbook.State.SUPERSEDED, 2)


def test_events_are_append_only() -> None:
    handbook = drafted(actor=county_officer_qingxu())
    event = HandbookEvent.objects.filter(handbook=handbook).first()
    assert event is not None
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_a_measure_for_a_bureau_outside_the_remit_is_refused() -> None:
    officer = county_officer_qingxu()
    handbook = drafted(actor=officer)
    taigu = Organisation.objects.create(
        name="晋中市太谷区市场监督管理局", kind="bureau", level="county", region_id="140703"
    )
    with pytest.raises(ValidationError) as caught:
        services.measure_save(
            handbook=handbook,
            actor=officer,
            data=services.MeasureData(
                category="计量",
                text="检定",
                responsible_bureau=taigu,
                deadline=dt.date(2024, 12, 1),
            ),
        )
    assert "responsible_bureau" in caught.value.message_dict


def test_what_changed_names_new_needs_and_changed_figures() -> None:
    officer, reviewer = county_officer_qingxu(), province_planner()
    handbook = drafted(actor=officer)
    services.handbook_submit(handbook=handbook, actor=officer)
    services.handbook_publish(handbook=handbook, actor=reviewer, today=PUBLISHED_ON)
    enterprise = handbook.enterprise
    enterprise.employees = 88
    enterprise.save()
    Need.objects.create(
        enterprise=enterprise,
        description="需要团体标准立项指导",
        source="visit",
        category="standards",
        raised_on=dt.date(2024, 10, 9),
    )
    nxt = services.handbook_create(subject=enterprise, actor=officer)
    services.handbook_generate(handbook=nxt, actor=officer, as_of=dt.date(2024, 12, 1))
    changes = {
        c.key: c for c in editions_diff(content_load(handbook.content), content_load(nxt.content))
    }
    assert changes["profile"].changed == ["从业人员：50 → 88"]
    assert any("需要团体标准立项指导" in line for line in changes["needs"].added)
    assert changes["measures"].is_empty


def test_the_overview_counts_published_handbooks_by_batch_through_the_insights_hook() -> None:
    from qstrong.handbooks import batches
    from qstrong.insights.hooks import provided_counts
    from qstrong.registry.tests.factories import EnterpriseFactory

    # Given a batch of two enterprises, one of them published
    planner = province_planner()
    batch = batches.batch_create(
        name="第一批",
        kind="enterprise",
        year=2024,
        subjects=[EnterpriseFactory(), EnterpriseFactory()],
        actor=planner,
    )
    batches.batch_generate_run(batch=batch, actor=planner, as_of=AS_OF)
    first = batch.handbooks.order_by("pk").first()
    assert first is not None
    services.handbook_submit(handbook=first, actor=county_officer_qingxu())
    services.handbook_publish(handbook=first, actor=planner, today=PUBLISHED_ON)
    # Then the overview's rows (insights asks its hook) count the published record only
    with translation.override("zh-hans"):
        assert provided_counts(planner) == [("“一企一册”已发布", "1册", "第一批 1册")]
