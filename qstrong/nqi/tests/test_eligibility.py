"""Certificates, patents, GI authorisations and brand honours in eligibility, on both paths."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.nqi import services
from qstrong.nqi.models import CertificateEvent, CertificateStatus
from qstrong.nqi.tests.factories import (
    BrandFactory,
    CertificateFactory,
    GIAuthorisationFactory,
    PatentFactory,
    TrademarkFactory,
)
from qstrong.policies.matching import enterprises_frame, match_run, policy_explain, profile_of
from qstrong.policies.models import MatchResult, MatchRun
from qstrong.policies.rules import to_polars, truth_of
from qstrong.policies.tests.factories import ISO9001_RULE, published_policy
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_push")]
EXPIRES = dt.date(2026, 6, 30)
NEXT_DAY = dt.date(2026, 7, 1)


@pytest.fixture
def no_push(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qstrong.policies.matching.runs._push", lambda run: 0)


def both_paths(rule: Any, enterprise: Enterprise, as_of: dt.date) -> tuple[Any, Any]:
    """(explanation path, batch path) outcomes for one enterprise."""
    one = truth_of(rule, profile_of(enterprise=enterprise, as_of=as_of), as_of=as_of).as_bool
    frame = enterprises_frame(enterprises=Enterprise.objects.filter(pk=enterprise.pk), as_of=as_of)
    batch = frame.select(to_polars(rule, as_of=as_of).alias("t"))["t"].to_list()[0]
    return one, batch


def eligible_ids() -> set[int]:
    return set(
        MatchResult.objects.filter(outcome="eligible").values_list("enterprise_id", flat=True)
    )


def test_an_expired_certificate_stops_counting_the_next_day_on_both_paths() -> None:
    # given an enterprise that typed ISO9001 and whose only ISO9001 certificate expires 30 June
    policy = published_policy(code="ISO-001", rule=ISO9001_RULE)
    enterprise = EnterpriseFactory(certifications=["ISO9001"])
    CertificateFactory(enterprise=enterprise, expires_on=EXPIRES)
    # then on the expiry date it still counts, on both paths and in a stored run
    assert both_paths(ISO9001_RULE, enterprise, EXPIRES) == (True, True)
    match_run(as_of=EXPIRES)
    assert eligible_ids() == {enterprise.pk}
    assert policy_explain(policy=policy, enterprise=enterprise, as_of=EXPIRES).outcome == "eligible"
    # and the day after it does not, although the typed list still says ISO9001
    assert both_paths(ISO9001_RULE, enterprise, NEXT_DAY) == (False, False)
    explained = policy_explain(policy=policy, enterprise=enterprise, as_of=NEXT_DAY)
    assert explained.outcome == "ineligible"
    assert explained.profile["certifications"] == []


def test_the_daily_job_marks_it_expired_and_rematches_the_enterprise(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given an enterprise eligible by its certificate, matched on the expiry date
    published_policy(code="ISO-001", rule=ISO9001_RULE)
    enterprise = EnterpriseFactory(certifications=None)
    other = EnterpriseFactory(certifications=["ISO9001"])  # no records: the typed list stands
    certificate = CertificateFactory(enterprise=enterprise, expires_on=EXPIRES)
    match_run(as_of=EXPIRES)
    assert eligible_ids() == {enterprise.pk, other.pk}
    # when the daily job runs the next day
    with django_capture_on_commit_callbacks(execute=True):
        lapsed = services.certificates_expire(today=NEXT_DAY)
    # then the certificate is expired with its event, and the enterprise was re-matched that day
    assert [c.pk for c in lapsed] == [certificate.pk]
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.EXPIRED
    event = CertificateEvent.objects.get(certificate=certificate, status_to="expired")
    assert (event.status_from, event.on) == ("valid", NEXT_DAY)
    run = MatchRun.objects.order_by("-pk").first()
    assert run is not None and (run.scope, run.as_of, run.enterprise_id) == (
        "enterprise",
        NEXT_DAY,
        enterprise.pk,
    )
    assert eligible_ids() == {other.pk}
    # and running it again changes nothing
    assert services.certificates_expire(today=NEXT_DAY) == []


def test_recording_a_certificate_rematches_at_once(django_capture_on_commit_callbacks: Any) -> None:
    # given a policy requiring ISO9001 and an enterprise without it
    published_policy(code="ISO-001", rule=ISO9001_RULE)
    enterprise = EnterpriseFactory(certifications=[])
    # when an officer records a certificate valid today
    today = dt.date.today()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_save(
            model=services.Certificate,
            data={
                "enterprise": enterprise,
                "scheme": "ISO9001",
                "number": "00125Q30001R0S",
                "body": "方圆",
                "issued_on": today - dt.timedelta(days=10),
                "expires_on": today + dt.timedelta(days=1000),
            },
            actor=None,
        )
    # then the enterprise is eligible
    assert eligible_ids() == {enterprise.pk}


def test_suspended_or_withdrawn_certificates_do_not_count() -> None:
    enterprise = EnterpriseFactory(certifications=["ISO9001", "HACCP"])
    CertificateFactory(enterprise=enterprise, scheme="ISO9001", status="suspended")
    CertificateFactory(enterprise=enterprise, scheme="HACCP", status="withdrawn")
    CertificateFactory(enterprise=enterprise, scheme="ISO14001")
    rule = {"field": "certifications", "op": "contains_any", "value": ["ISO9001", "HACCP"]}
    assert both_paths(rule, enterprise, EXPIRES) == (False, False)
    assert profile_of(enterprise=enterprise, as_of=EXPIRES)["certifications"] == ["ISO14001"]


def test_certificates_field_is_unknown_without_records() -> None:
    # the register-only field: unknown (needs data) for an enterprise without certificate records
    rule = {"field": "certificates", "op": "contains", "value": "ISO9001"}
    typed_only = EnterpriseFactory(certifications=["ISO9001"])
    recorded = EnterpriseFactory()
    CertificateFactory(enterprise=recorded)
    assert both_paths(rule, typed_only, EXPIRES) == (None, None)
    assert both_paths(rule, recorded, EXPIRES) == (True, True)


def test_patents_are_counted_from_records_where_records_exist() -> None:
    # given an enterprise that typed 9 patents and has records of 3 invention patents (2 valid,
    # one of them high-value) and a utility model
    enterprise = EnterpriseFactory(patents=9)
    PatentFactory(enterprise=enterprise, high_value=True)
    PatentFactory(enterprise=enterprise)
    PatentFactory(enterprise=enterprise, status="lapsed", high_value=True)
    PatentFactory(enterprise=enterprise, kind="utility")
    typed = EnterpriseFactory(patents=4)
    # then patents and high-value patents follow the records; the other keeps its typed figure
    profile = profile_of(enterprise=enterprise, as_of=EXPIRES)
    assert (profile["patents"], profile["high_value_patents"]) == (2, 1)
    assert both_paths({"field": "patents", "op": "eq", "value": 2}, enterprise, EXPIRES) == (
        True,
        True,
    )
    rule = {"field": "high_value_patents", "op": "ge", "value": 1}
    assert both_paths(rule, enterprise, EXPIRES) == (True, True)
    assert both_paths(rule, typed, EXPIRES) == (None, None)
    assert both_paths({"field": "patents", "op": "eq", "value": 4}, typed, EXPIRES) == (True, True)


def test_gi_authorisation_and_brand_honours_follow_the_records_by_date() -> None:
    # given an authorised user of 清徐老陈醋 from 2021, with a brand recognised 山西精品 in 2025
    user = EnterpriseFactory()
    GIAuthorisationFactory(enterprise=user, authorised_on=dt.date(2021, 1, 1))
    BrandFactory(enterprise=user, premium_on=dt.date(2025, 9, 1))
    TrademarkFactory(enterprise=user, kind="well_known")
    outsider = EnterpriseFactory()
    gi = {"field": "gi_authorisations", "op": "contains", "value": "qingxu_vinegar"}
    premium = {"field": "brand_honours", "op": "contains", "value": "shanxi_premium"}
    well_known = {"field": "brand_honours", "op": "contains", "value": "well_known_mark"}
    # then on both paths: authorised, premium only from its recognition date, never unknown
    assert both_paths(gi, user, EXPIRES) == (True, True)
    assert both_paths(gi, user, dt.date(2020, 12, 31)) == (False, False)
    assert both_paths(gi, outsider, EXPIRES) == (False, False)
    assert both_paths(premium, user, dt.date(2025, 8, 31)) == (False, False)
    assert both_paths(premium, user, dt.date(2025, 9, 1)) == (True, True)
    assert both_paths(well_known, user, EXPIRES) == (True, True)
    assert both_paths(premium, outsider, EXPIRES) == (False, False)


def test_batch_frame_mixes_recorded_and_typed_enterprises() -> None:
    # given many enterprises, some with records, the frame equals profile_of row by row
    enterprises = [EnterpriseFactory(certifications=["ISO9001"], patents=3) for _ in range(4)]
    CertificateFactory(
        enterprise=enterprises[0], expires_on=dt.date(2020, 1, 1), issued_on=dt.date(2017, 1, 1)
    )
    CertificateFactory(enterprise=enterprises[1], scheme="HACCP")
    PatentFactory(enterprise=enterprises[2], high_value=True)
    GIAuthorisationFactory(enterprise=enterprises[3])
    frame = enterprises_frame(enterprises=Enterprise.objects.all(), as_of=EXPIRES)
    rows = {row["enterprise_id"]: row for row in frame.iter_rows(named=True)}
    for enterprise in enterprises:
        profile = profile_of(enterprise=enterprise, as_of=EXPIRES)
        assert rows[enterprise.pk] == {**profile, "revenue": 1200.0}
    assert rows[enterprises[0].pk]["certifications"] == []
    assert rows[enterprises[1].pk]["certifications"] == ["HACCP"]
    assert rows[enterprises[2].pk]["patents"] == 1
    assert rows[enterprises[3].pk]["gi_authorisations"] == ["qingxu_vinegar"]
    assert rows[enterprises[3].pk]["certifications"] == ["ISO9001"]


def test_the_officer_sees_the_typed_and_recorded_figures_side_by_side() -> None:
    """`standards_led` stays typed and a difference is flagged; `patents` is counted from the
    records — the same figure policies match on — with the typed one beside it."""
    from django.test import Client
    from django.urls import reverse

    from qstrong.accounts.tests.factories import county_officer_qingxu
    from qstrong.nqi.tests.factories import ParticipationFactory, PatentFactory
    from qstrong.registry.facts import enterprise_facts
    from qstrong.registry.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(region_id="140121", standards_led=3, patents=7)
    ParticipationFactory(enterprise=enterprise)
    PatentFactory(enterprise=enterprise, high_value=True)
    PatentFactory(enterprise=enterprise, kind="utility")
    client = Client()
    client.force_login(county_officer_qingxu())
    panel = client.get(reverse("nqi:enterprise_panel", args=[enterprise.pk])).content.decode()
    assert 'data-testid="nqi-standards-differ"' in panel
    assert 'data-testid="nqi-patents-differ"' in panel
    assert "有效发明专利 1（按登记计算，用于政策比对） · 企业填报 7" in panel
    body = client.get(f"/api/nqi/enterprises/{enterprise.uscc}").json()
    facts = enterprise_facts(as_of=dt.date(2026, 11, 20), enterprise_ids=[enterprise.pk])
    assert (body["standards_led_typed"], body["standards_recorded"], body["standards_differ"]) == (
        3,
        1,
        True,
    )
    assert (body["patents_typed"], body["patents_counted"], body["patents_differ"]) == (7, 1, True)
    assert body["patents_counted"] == facts[enterprise.pk]["patents"]
