"""The quality part of the demo: the article's records, loaded idempotently after the registry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qstrong.accounts.models import Organisation
from qstrong.quality import services
from qstrong.quality.demo_data import (
    ILLUSTRATIVE,
    ILLUSTRATIVE_PROBLEMS,
    LOSSES,
    PROBLEMS,
    PROGRAMMES,
    PROJECTS,
    QINGXU_CERT_NAMES,
    QINGXU_CERTIFIED,
    DemoProblem,
    DemoProgramme,
    DemoProject,
)
from qstrong.quality.models import KeyProject, Milestone, Problem, Programme, QualityLoss
from qstrong.registry.demo.article_enterprises import article_enterprise
from qstrong.registry.demo.codes import demo_uscc
from qstrong.registry.models import Chain, Enterprise, Region, Segment, Source, Town
from qstrong.registry.services import enterprise_set_memberships, enterprise_upsert


def _at(day: dt.date, offset: int = 0) -> dt.datetime:
    moment = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(10, 0))
    return timezone.make_aware(moment)


def _enterprise(key: str) -> Enterprise:
    if key.startswith("uscc:"):
        return Enterprise.objects.get(uscc=key[5:])
    return Enterprise.objects.get(uscc=article_enterprise(key).uscc)


def _user(username: str) -> Any:
    # Demo accounts exist when loaddemo made them; without them the system is the actor.
    return get_user_model().objects.filter(username=username).first()


def qingxu_campaign_enterprises() -> list[Enterprise]:
    """The ten vinegar makers of the 清徐 campaign (illustrative; three already certified)."""
    town = Town.objects.filter(code="qingxu_vinegar").first()
    found = []
    for index, mark in enumerate(QINGXU_CERT_NAMES):
        uscc = demo_uscc(region="140121", key=f"qingxu_cert_{index}")
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            enterprise, _outcome = enterprise_upsert(
                uscc=uscc,
                data={
                    "name": f"清徐县{mark}字号醋业有限公司（演示）",
                    "region_id": "140121",
                    "industry_id": "C1462",
                    "certifications": ["ISO9001"] if index < QINGXU_CERTIFIED else [],
                },
                source=Source.SYNTHETIC,
                source_note=f"清徐认证提升行动帮扶对象，{ILLUSTRATIVE}",
                actor=None,
            )
            if town is not None:
                enterprise_set_memberships(
                    enterprise=enterprise, chains=None, towns=[(town, False)], actor=None
                )
        found.append(enterprise)
    return found


def _programme(spec: DemoProgramme, counts: Counter[str]) -> Programme:
    programme = Programme.objects.filter(code=spec.code).first()
    if programme is not None:
        return programme
    programme = services.programme_save(
        actor=None,
        data={
            "code": spec.code,
            "name": spec.name,
            "kind": spec.kind,
            "region": Region.objects.get(code=spec.region),
            "organisers": spec.organisers,
            "description": spec.description,
            "started_on": spec.started_on,
            "target_certification": spec.target_certification,
            "source": spec.source,
            "source_note": spec.source_note,
        },
    )
    subjects: list[Any] = [_enterprise(k) for k in spec.enterprises]
    subjects += list(Chain.objects.filter(code__in=spec.chains))
    subjects += list(Town.objects.filter(code__in=spec.towns))
    subjects += list(Region.objects.filter(code__in=spec.counties))
    if spec.kind == Programme.Kind.CERTIFICATION:
        subjects += qingxu_campaign_enterprises()
    for subject in subjects:
        services.programme_enrol(actor=None, programme=programme, subject=subject)
    for position, (title, step, due, done) in enumerate(spec.milestones):
        services.milestone_save(
            actor=None,
            owner=programme,
            data={
                "title": title,
                "step": step,
                "due_on": due,
                "done_on": done,
                "position": position,
            },
        )
    counts["programmes"] += 1
    return programme


def _owner(spec: str) -> dict[str, Any]:
    if spec.startswith("bureau:"):
        return {"owner_bureau": Organisation.objects.get(name=spec[7:])}
    return {"owner_enterprise": _enterprise(spec)}


def _problem(spec: DemoProblem, counts: Counter[str]) -> Problem:
    existing = Problem.objects.filter(title=spec.title, chain__code=spec.chain).first()
    if existing is not None:
        return existing
    chain = Chain.objects.get(code=spec.chain)
    actor = _user(spec.actor)
    problem = services.problem_register(
        actor=None,
        chain=chain,
        segment=Segment.objects.get(chain=chain, name=spec.segment) if spec.segment else None,
        enterprises=[_enterprise(k) for k in spec.enterprises],
        grade=spec.grade,
        klass=spec.klass,
        title=spec.title,
        description=spec.description,
        programme=Programme.objects.filter(code=spec.programme).first() if spec.programme else None,
        source=spec.source,
        source_note=spec.source_note,
        at=_at(spec.registered),
    )
    for step in spec.steps:
        if step.transition == "plan":
            _actions(spec, problem, actor, step.day - 1)
        if step.transition == "submit_check":
            for action in problem.actions.filter(done=False):
                services.problem_action_complete(
                    action=action, actor=actor, at=_at(spec.registered, step.day - 1)
                )
        services.problem_transition(
            problem=problem,
            actor=actor,
            transition=step.transition,
            comment=step.comment,
            root_cause=step.root_cause,
            evidence_note=step.evidence_note,
            at=_at(spec.registered, step.day),
        )
        problem.refresh_from_db()
    counts["problems"] += 1
    return problem


def _actions(spec: DemoProblem, problem: Problem, actor: Any, plan_day: int) -> None:
    for item in spec.actions:
        action = services.problem_action_add(
            problem=problem,
            actor=actor,
            kind=item.kind,
            description=item.description,
            owner_person=item.person,
            deadline=item.deadline,
            at=_at(spec.registered, plan_day),
            **_owner(item.owner),
        )
        if item.done_day is not None:
            services.problem_action_complete(
                action=action, actor=actor, at=_at(spec.registered, item.done_day)
            )


def _project(spec: DemoProject, problems: dict[str, Problem], counts: Counter[str]) -> KeyProject:
    existing = KeyProject.objects.filter(name=spec.name).first()
    if existing is not None:
        return existing
    project = services.key_project_save(
        actor=None,
        data={
            "name": spec.name,
            "chain": Chain.objects.get(code=spec.chain),
            "lead_enterprise": _enterprise(spec.lead),
            "other_partners": spec.other_partners,
            "programme": Programme.objects.filter(code=spec.programme).first()
            if spec.programme
            else None,
            "description": spec.description,
            "source": Source.ARTICLE,
            "source_note": spec.source_note,
        },
        partners=[_enterprise(k) for k in spec.partners],
        problems=[problems[k] for k in spec.problems if k in problems],
    )
    for name, unit, before, after, target in spec.indicators:
        services.indicator_save(
            actor=None,
            project=project,
            data={"name": name, "unit": unit, "before": before, "after": after, "target": target},
        )
    for position, (title, due, done) in enumerate(spec.milestones):
        services.milestone_save(
            actor=None,
            owner=project,
            data={"title": title, "due_on": due, "done_on": done, "position": position},
        )
    counts["key_projects"] += 1
    return project


def _losses(problems: dict[str, Problem], counts: Counter[str]) -> None:
    for spec in LOSSES:
        kind, _sep, key = spec.subject.partition(":")
        subject: dict[str, Any] = (
            {"problem": problems[key]}
            if kind == "problem"
            else {"key_project": KeyProject.objects.get(name=key)}
        )
        if QualityLoss.objects.filter(year=spec.year, **subject).exists():
            continue
        services.quality_loss_save(
            actor=None,
            data={
                "year": spec.year,
                "failures_before": spec.failures_before,
                "failures_after": spec.failures_after,
                "cost_per_failure": spec.cost_per_failure,
                "other_cost_before": spec.other_cost_before,
                "other_cost_after": spec.other_cost_after,
                "note": spec.note,
                "source": Source.ARTICLE,
                "source_note": spec.source_note,
            },
            **subject,
        )
        counts["losses"] += 1


@transaction.atomic
def load_demo(*, say: Callable[[str], None]) -> dict[str, Any]:
    """Programmes, problems (walked through their states), key projects and the two losses."""
    say("质量攻关 / quality problems, key projects, losses, programmes …")
    counts: Counter[str] = Counter()
    for spec in PROGRAMMES:
        _programme(spec, counts)
    problems = {spec.key: _problem(spec, counts) for spec in (*PROBLEMS, *ILLUSTRATIVE_PROBLEMS)}
    for project in PROJECTS:
        _project(project, problems, counts)
    _losses(problems, counts)
    return {"created": dict(counts), "milestones": Milestone.objects.count()}
