"""Casework writes: needs, tasks and every state change by role and jurisdiction."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qstrong.accounts.models import Role
from qstrong.accounts.tests.factories import (
    UserFactory,
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.casework import services
from qstrong.casework.models import Need, Task, TaskEvent
from qstrong.casework.services import ActivityData, NeedData, TaskData
from qstrong.casework.tests.factories import NeedFactory, TaskFactory, qingxu_bureau, taigu_bureau
from qstrong.core.models import AuditEvent
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db

S = Task.State


def _qingxu_colleague() -> Any:
    return UserFactory(username="qingxu2", organisation=qingxu_bureau(), role=Role.COUNTY_OFFICER)


def _personas() -> dict[str, Any]:
    responsible = county_officer_qingxu()
    return {
        "responsible": responsible,
        "colleague": _qingxu_colleague(),
        "city": city_officer_taiyuan(),
        "province": province_planner(),
        "other_county": county_officer_taigu(),
        "leader": leader(),
    }


def _task(state: str, person: Any) -> Task:
    task = TaskFactory(responsible_person=person, state=state)
    return task


# (from, to, persona) → allowed? Every move of the state machine, for every persona.
MATRIX = [
    (S.OPEN, S.IN_PROGRESS, "responsible", True),
    (S.OPEN, S.IN_PROGRESS, "colleague", True),
    (S.OPEN, S.IN_PROGRESS, "city", False),
    (S.OPEN, S.IN_PROGRESS, "other_county", False),
    (S.OPEN, S.IN_PROGRESS, "leader", False),
    (S.IN_PROGRESS, S.DONE, "responsible", True),
    (S.IN_PROGRESS, S.DONE, "city", False),
    (S.IN_PROGRESS, S.DONE, "leader", False),
    (S.DONE, S.VERIFIED, "responsible", False),  # four eyes
    (S.DONE, S.VERIFIED, "colleague", True),  # same level, same jurisdiction
    (S.DONE, S.VERIFIED, "city", True),
    (S.DONE, S.VERIFIED, "province", True),
    (S.DONE, S.VERIFIED, "other_county", False),
    (S.DONE, S.VERIFIED, "leader", False),
    (S.DONE, S.IN_PROGRESS, "responsible", True),
    (S.DONE, S.IN_PROGRESS, "city", True),
    (S.DONE, S.IN_PROGRESS, "other_county", False),
    (S.VERIFIED, S.IN_PROGRESS, "responsible", False),
    (S.VERIFIED, S.IN_PROGRESS, "city", True),
    (S.VERIFIED, S.IN_PROGRESS, "leader", False),
]


@pytest.mark.parametrize(("frm", "to", "who", "allowed"), MATRIX)
def test_every_transition_by_role_and_jurisdiction(
    frm: str, to: str, who: str, allowed: bool
) -> None:
    # Given a 清徐 task in state `frm` whose responsible person is the 清徐 officer
    people = _personas()
    task = _task(frm, people["responsible"])
    before = TaskEvent.objects.filter(task=task).count()

    # When `who` moves it to `to`
    if allowed:
        event = services.task_transition(task=task, actor=people[who], to_state=to, comment="理由")
        # Then the task moved and an event says who, from, to
        task.refresh_from_db()
        assert task.state == to
        assert (event.actor, event.from_state, event.to_state) == (people[who], frm, to)
        assert TaskEvent.objects.filter(task=task).count() == before + 1
    else:
        with pytest.raises(PermissionDenied):
            services.task_transition(task=task, actor=people[who], to_state=to, comment="理由")
        task.refresh_from_db()
        assert task.state == frm
        assert TaskEvent.objects.filter(task=task).count() == before


@pytest.mark.parametrize(
    ("frm", "to"),
    [(S.OPEN, S.DONE), (S.OPEN, S.VERIFIED), (S.IN_PROGRESS, S.VERIFIED), (S.VERIFIED, S.DONE),
     (S.IN_PROGRESS, S.OPEN), (S.OPEN, "closed")],
)  # fmt: skip
def test_illegal_transitions_answer_a_clear_error_and_write_nothing(frm: str, to: str) -> None:
    officer = county_officer_qingxu()
    task = _task(frm, officer)

    with pytest.raises(services.IllegalTransition) as error:
        services.task_transition(task=task, actor=officer, to_state=to)

    assert "任务不能从" in error.value.messages[0]
    assert TaskEvent.objects.filter(task=task).count() == 0


def test_reopening_needs_a_reason() -> None:
    city = city_officer_taiyuan()
    task = _task(S.VERIFIED, county_officer_qingxu())

    with pytest.raises(ValidationError) as error:
        services.task_transition(task=task, actor=city, to_state=S.IN_PROGRESS, comment=" ")

    assert error.value.message_dict == {"comment": ["退回或重新打开任务时请说明原因。"]}


def test_a_need_closes_when_every_task_is_verified_and_reopens_with_a_task() -> None:
    # Given a need with two tasks, one verified, the other done
    officer, city = county_officer_qingxu(), city_officer_taiyuan()
    need = NeedFactory(enterprise=EnterpriseFactory())
    first = TaskFactory(need=need, state=S.VERIFIED)
    second = TaskFactory(need=need, state=S.DONE, responsible_person=officer)

    # When the city verifies the second
    services.task_transition(task=second, actor=city, to_state=S.VERIFIED)

    # Then the need is closed
    need.refresh_from_db()
    assert need.state == Need.State.CLOSED
    assert need.closed_at is not None

    # And reopening the first opens the need again
    services.task_transition(task=first, actor=city, to_state=S.IN_PROGRESS, comment="复查不合格")
    need.refresh_from_db()
    assert (need.state, need.closed_at) == (Need.State.OPEN, None)


def test_verify_records_who_and_when() -> None:
    city = city_officer_taiyuan()
    task = _task(S.DONE, county_officer_qingxu())
    at = dt.datetime(2024, 6, 1, 9, 0, tzinfo=dt.UTC)

    services.task_transition(task=task, actor=city, to_state=S.VERIFIED, now=at)

    task.refresh_from_db()
    assert (task.verified_by, task.verified_at) == (city, at)


# --- needs and tasks -----------------------------------------------------------------------------


def test_officer_registers_a_need_of_their_county_with_an_audit_event() -> None:
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory()

    need = services.need_create(
        actor=officer,
        data=NeedData(description="希望开展商标保护帮扶", source="visit", enterprise=enterprise),
    )

    assert (need.state, need.source, need.bureau) == ("open", "visit", officer.organisation)
    assert (
        AuditEvent.objects.filter(object_type="casework.need", object_id=str(need.pk)).count() == 1
    )


def test_officer_of_another_county_cannot_register_a_need_for_it() -> None:
    enterprise = EnterpriseFactory()

    with pytest.raises(ValidationError) as error:
        services.need_create(
            actor=county_officer_taigu(),
            data=NeedData(description="x", source="visit", enterprise=enterprise),
        )

    assert error.value.message_dict == {"enterprise": ["该企业不在您的辖区内。"]}
    assert Need.objects.count() == 0


def test_need_needs_exactly_one_subject() -> None:
    with pytest.raises(ValidationError) as error:
        services.need_create(
            actor=county_officer_qingxu(), data=NeedData(description="x", source="visit")
        )
    assert "subject" in error.value.message_dict


def test_enterprise_user_raises_a_need_for_its_own_enterprise_only() -> None:
    own, other = EnterpriseFactory(), EnterpriseFactory(uscc=make_uscc(900))
    user = enterprise_user(own)

    need = services.need_create(
        actor=user, data=NeedData(description="申请计量器具检定", source="visit", enterprise=own)
    )
    assert (need.source, need.bureau) == (Need.Source.PORTAL, None)

    with pytest.raises(PermissionDenied):
        services.need_create(
            actor=user, data=NeedData(description="x", source="portal", enterprise=other)
        )


def test_leader_reads_only() -> None:
    with pytest.raises(PermissionDenied):
        services.need_create(
            actor=leader(),
            data=NeedData(description="x", source="visit", enterprise=EnterpriseFactory()),
        )


def test_task_from_need_with_responsible_bureau_and_person() -> None:
    officer = county_officer_qingxu()
    need = NeedFactory(enterprise=EnterpriseFactory())

    task = services.task_create(
        need=need,
        actor=officer,
        data=TaskData(
            action="组织认证辅导", responsible_bureau=qingxu_bureau(),
            responsible_person=officer, due_date=dt.date(2024, 7, 1),
        ),
    )  # fmt: skip

    assert task.state == S.OPEN
    assert list(task.events.values_list("kind", "to_state")) == [("created", "open")]


def test_task_person_must_belong_to_the_bureau_and_bureau_to_the_jurisdiction() -> None:
    officer = county_officer_qingxu()
    need = NeedFactory(enterprise=EnterpriseFactory())

    with pytest.raises(ValidationError) as error:
        services.task_create(
            need=need,
            actor=officer,
            data=TaskData(
                action="x", responsible_bureau=taigu_bureau(),
                responsible_person=officer, due_date=dt.date(2024, 7, 1),
            ),
        )  # fmt: skip

    assert set(error.value.message_dict) == {"responsible_bureau", "responsible_person"}
    assert Task.objects.count() == 0


def test_another_county_cannot_add_tasks_to_a_need() -> None:
    need = NeedFactory(enterprise=EnterpriseFactory())

    with pytest.raises(PermissionDenied):
        services.task_create(
            need=need,
            actor=county_officer_taigu(),
            data=TaskData(
                action="x", responsible_bureau=taigu_bureau(), due_date=dt.date(2024, 7, 1)
            ),
        )


# --- activities ----------------------------------------------------------------------------------


def test_activity_must_touch_the_officers_jurisdiction() -> None:
    taigu = county_officer_taigu()
    data = ActivityData(
        kind="visit", title="入企", date=dt.date(2024, 4, 1), organisers=[qingxu_bureau()]
    )

    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=taigu, data=data)

    assert error.value.message_dict == {
        "organisers": ["组织单位或服务对象中至少要有一个在您的辖区内。"]
    }


def test_activity_with_an_enterprise_outside_is_refused_by_name() -> None:
    qingxu = county_officer_qingxu()
    far = EnterpriseFactory(uscc=make_uscc(5, "140703"), name="太谷某企业", region_id="140703")
    data = ActivityData(
        kind="visit", title="入企", date=dt.date(2024, 4, 1), organisers=[qingxu_bureau()],
        enterprises=[far],
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        services.activity_create(actor=qingxu, data=data)

    assert error.value.message_dict == {"enterprises": ["以下企业不在您的辖区内：太谷某企业。"]}


def test_activity_created_with_subjects_and_audit() -> None:
    qingxu = county_officer_qingxu()
    enterprise = EnterpriseFactory()
    data = ActivityData(
        kind="diagnosis", title="把脉问诊", date=dt.date(2024, 5, 2), organisers=[qingxu_bureau()],
        enterprises=[enterprise], participant_count=6,
    )  # fmt: skip

    activity = services.activity_create(actor=qingxu, data=data)

    assert list(activity.enterprises.all()) == [enterprise]
    assert AuditEvent.objects.filter(object_type="casework.outreachactivity").count() == 1
