"""`qstrong loaddemo`: demo accounts, idempotence, the production refusal, synthetic import."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.accounts.models import Organisation, User
from qstrong.core.models import AuditEvent
from qstrong.registry.demo.accounts import CITY_BUREAUS, DEMO_PASSWORD
from qstrong.registry.models import (
    Chain,
    ChainMember,
    Enterprise,
    ImportBatch,
    Segment,
    SupplyLink,
    Town,
    TownMember,
)

pytestmark = pytest.mark.django_db

COUNTED = (
    Chain, Segment, Town, Enterprise, ChainMember, TownMember, SupplyLink,
    Organisation, User, ImportBatch, AuditEvent,
)  # fmt: skip


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _loaddemo(*args: str) -> str:
    out = StringIO()
    call_command("loaddemo", *args, stdout=out)
    return out.getvalue()


def test_loaddemo_prints_what_it_loaded_and_the_logins() -> None:
    output = _loaddemo()
    assert "产业链 / chains: created 16, updated 0, unchanged 0" in output
    assert "专业镇 / towns: created 18, updated 0, unchanged 0" in output
    assert f"password for all: {DEMO_PASSWORD}" in output
    assert "guangyuyuan" in output


def test_demo_users_have_their_roles_and_jurisdictions() -> None:
    _loaddemo()
    users = {user.username: user for user in User.objects.select_related("organisation")}
    assert {name: user.role for name, user in users.items()} == {
        "province": "province_planner",
        "leader": "leader",
        "taiyuan": "city_officer",
        "qingxu": "county_officer",
        "taigu": "county_officer",
        "daixian": "county_officer",
        "admin": "admin",
        "security": "security_admin",
        "auditor": "audit_admin",
        "guangyuyuan": "enterprise_user",
        "yanmenshan": "enterprise_user",
    }
    assert all(user.check_password(DEMO_PASSWORD) for user in users.values())
    assert (users["admin"].is_staff, users["admin"].is_superuser) == (True, True)
    assert not any(u.is_superuser for name, u in users.items() if name != "admin")
    assert jurisdiction_of(users["province"]).is_everything
    assert jurisdiction_of(users["taiyuan"]).region_prefix == "1401"
    assert jurisdiction_of(users["qingxu"]).region_prefix == "140121"
    assert jurisdiction_of(users["taigu"]).region_prefix == "140703"
    assert not jurisdiction_of(users["leader"]).can_write
    company = users["guangyuyuan"].organisation
    assert company.kind == "enterprise"
    assert company.enterprise.name == "广誉远中药股份有限公司"
    assert jurisdiction_of(users["guangyuyuan"]).enterprise_id == company.enterprise_id
    assert jurisdiction_of(users["daixian"]).region_prefix == "140923"
    winery = users["yanmenshan"].organisation
    assert winery.enterprise.name == "代县雁门山酒业有限公司"


def test_every_city_bureau_and_the_article_county_bureaus_exist() -> None:
    _loaddemo()
    cities = Organisation.objects.filter(kind="bureau", level="city")
    assert sorted(cities.values_list("region_id", flat=True)) == [r for r, _ in CITY_BUREAUS]
    assert cities.get(region_id="140100").name == "太原市市场监督管理局"
    counties = set(Organisation.objects.filter(level="county").values_list("region_id", flat=True))
    assert {"140121", "140703", "140702", "140802", "140923", "141182"} <= counties
    assert Organisation.objects.get(level="province").region_id == "140000"


def test_loaddemo_twice_changes_nothing_and_records_no_new_audit_events() -> None:
    _loaddemo()
    first = _counts()
    output = _loaddemo()
    assert _counts() == first
    assert "报道企业 / article enterprises: created 0, updated 0, unchanged 15" in output
    assert "用户 / users: created 0, updated 0, unchanged 11" in output


def test_a_changed_demo_password_survives_a_reload() -> None:
    _loaddemo()
    user = User.objects.get(username="qingxu")
    user.set_password("Another-Secret-2024")
    user.save()
    _loaddemo()
    assert User.objects.get(username="qingxu").check_password("Another-Secret-2024")


def test_loaddemo_refuses_demo_users_under_production_settings(settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="QSTRONG_ENV=production"):
        _loaddemo()
    # refused before writing anything
    assert User.objects.count() == 0
    assert Chain.objects.count() == 0


def test_loaddemo_without_users_loads_the_article_under_production_settings(
    settings: Any,
) -> None:
    settings.PRODUCTION = True
    _loaddemo("--no-users")
    assert Chain.objects.count() == 16
    assert User.objects.count() == 0


def test_loaddemo_refuses_synthetic_enterprises_under_production_settings(
    settings: Any,
) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="合成企业"):
        _loaddemo("--no-users", "--synthetic", "10")
    assert Enterprise.objects.count() == 0


def _importer_or_skip() -> None:
    try:
        from qstrong.registry.importing import import_path  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"the enterprise importer is not available yet: {exc}")


def test_loaddemo_imports_synthetic_enterprises_marked_and_only_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _importer_or_skip()
    # Only the registry's synthetic file: the quality demo adds illustrative enterprises too.
    monkeypatch.setattr("qstrong.registry.demo.loader.DEMO_EXTENSIONS", ())
    _loaddemo("--synthetic", "40")
    synthetic = Enterprise.objects.filter(source="synthetic")
    assert synthetic.count() == 40
    assert all("synthetic" in enterprise.tags for enterprise in synthetic)
    assert Enterprise.objects.filter(source="article").count() == 15
    batch = ImportBatch.objects.get()
    assert (batch.state, batch.created_count) == ("committed", 40)
    assert ChainMember.objects.filter(enterprise__source="synthetic").exists()
    first = _counts()
    output = _loaddemo("--synthetic", "40")
    assert _counts() == first
    assert "40 rows already imported" in output


@pytest.mark.django_db
def test_synthetic_chain_members_are_placed_on_a_segment_of_their_chain() -> None:
    from qstrong.registry.demo.loader import load_demo
    from qstrong.registry.models import ChainMember

    load_demo(synthetic=300, users=False)
    synthetic = ChainMember.objects.filter(enterprise__source="synthetic")
    with_segments = synthetic.filter(chain__segments__isnull=False).distinct()

    assert with_segments.count() > 0
    assert with_segments.filter(segment__isnull=True).count() == 0
    assert all(m.segment.chain_id == m.chain_id for m in with_segments.select_related("segment"))
