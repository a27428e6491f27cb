"""The registers' demo: the article's figures come out of the records; loading is idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qstrong.accounts.tests import factories as people
from qstrong.nqi.demo import load_demo
from qstrong.nqi.models import Certificate, Provider, Standard
from qstrong.nqi.selectors import enterprise_summary
from qstrong.nqi.services import certificate_status_set
from qstrong.quality.demo import load_demo as quality_demo
from qstrong.quality.models import Programme
from qstrong.quality.selectors import programme_progress
from qstrong.registry.demo.article_enterprises import article_enterprise
from qstrong.registry.demo.loader import chains_load, enterprises_load, towns_load
from qstrong.registry.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> dict[str, Any]:
    chains_load()
    towns_load()
    enterprises_load()
    quality_demo(say=lambda _text: None)
    return load_demo(say=lambda _text: None)


def test_dayun_has_nine_standards_by_level(loaded: dict[str, Any]) -> None:
    dayun = Enterprise.objects.get(uscc=article_enterprise("dayun").uscc)
    levels = sorted(
        Standard.objects.filter(participations__enterprise=dayun).values_list("level", flat=True)
    )
    assert levels == ["group"] * 4 + ["industry"] + ["local"] + ["national"] * 3
    summary = enterprise_summary(
        user=people.province_planner(), enterprise=dayun, as_of=timezone.localdate()
    )
    assert summary.standards_led_recorded == 9 and not summary.standards_led_differs


def test_five_daixian_wineries_hold_iso9001_and_the_station_has_a_catalogue(
    loaded: dict[str, Any],
) -> None:
    holders = Certificate.objects.filter(
        scheme="ISO9001", enterprise__region_id="140923", status="valid"
    )
    assert holders.values("enterprise").distinct().count() == 5
    station = Provider.objects.get(code="jinchuanggu_taiyuan")
    assert station.origin == "article" and station.services.count() == 5
    # the 清徐 campaign's progress is drawn from certificate records: three of ten
    progress = programme_progress(Programme.objects.get(code="cert_qingxu_vinegar"))
    assert (progress.done, progress.total) == (3, 10)
    # and when one of those certificates is withdrawn, the typed ISO9001 no longer counts
    withdrawn = Certificate.objects.get(number="示意-QX-ISO9001-01")
    certificate_status_set(
        certificate=withdrawn, status="withdrawn", actor=None, on=timezone.localdate()
    )
    progress = programme_progress(Programme.objects.get(code="cert_qingxu_vinegar"))
    assert (progress.done, progress.total) == (2, 10)


def test_loading_twice_changes_nothing(loaded: dict[str, Any]) -> None:
    again = load_demo(say=lambda _text: None)
    assert not [key for key, n in again.items() if not key.endswith("_unchanged") and n]


def test_the_demo_campaigns_count_their_verifications(loaded: dict[str, Any]) -> None:
    from qstrong.nqi.campaigns import campaign_progress
    from qstrong.nqi.models import MetrologyCampaign

    officer = people.province_planner()
    town_campaign = MetrologyCampaign.objects.get(code="demo-daixian-metrology")
    assert town_campaign.origin == "illustrative"
    progress = campaign_progress(user=officer, campaign=town_campaign)
    assert (progress.verified, progress.failed, progress.enterprises_served) == (1, 0, 1)
    assert progress.instruments >= 1
    assert MetrologyCampaign.objects.get(code="demo-nev-calibration").chain.code == "nev"
    # loading again adds no verification
    load_demo(say=lambda _text: None)
    assert town_campaign.verifications.count() == 1
