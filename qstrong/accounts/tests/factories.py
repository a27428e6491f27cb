"""Factories for organisations and users, and the named personas the tests speak of."""

from __future__ import annotations

from typing import Any

import factory

from qstrong.accounts.models import Organisation, Role, User

PASSWORD = "Qstrong-Test-2024!"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试市场监管局{n}")
    kind = Organisation.Kind.BUREAU
    level = Organisation.Level.COUNTY
    region_id = "140121"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COUNTY_OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def bureau(name: str, level: str, region: str) -> Organisation:
    return OrganisationFactory(name=name, level=level, region_id=region)


def county_officer_qingxu() -> User:
    """A county officer in 清徐 (140121, 太原)."""
    org = bureau("清徐县市场监督管理局", Organisation.Level.COUNTY, "140121")
    return UserFactory(username="qingxu", organisation=org, role=Role.COUNTY_OFFICER)


def county_officer_taigu() -> User:
    """An officer of another county: 太谷区 (140703, 晋中)."""
    org = bureau("晋中市太谷区市场监督管理局", Organisation.Level.COUNTY, "140703")
    return UserFactory(username="taigu", organisation=org, role=Role.COUNTY_OFFICER)


def city_officer_taiyuan() -> User:
    org = bureau("太原市市场监督管理局", Organisation.Level.CITY, "140100")
    return UserFactory(username="taiyuan", organisation=org, role=Role.CITY_OFFICER)


def province_planner() -> User:
    org = bureau("山西省市场监督管理局", Organisation.Level.PROVINCE, "140000")
    return UserFactory(username="province", organisation=org, role=Role.PROVINCE_PLANNER)


def leader() -> User:
    org = bureau("山西省市场监督管理局", Organisation.Level.PROVINCE, "140000")
    return UserFactory(username="leader", organisation=org, role=Role.LEADER)


def enterprise_user(enterprise: Any) -> User:
    org = OrganisationFactory(
        name=enterprise.name,
        kind=Organisation.Kind.ENTERPRISE,
        level="",
        region_id=None,
        enterprise=enterprise,
    )
    return UserFactory(username=f"ent{enterprise.pk}", organisation=org, role=Role.ENTERPRISE_USER)


def administrator(role: str, username: str) -> User:
    """One of the three administrators (三权分立): Role.ADMIN, SECURITY_ADMIN or AUDIT_ADMIN."""
    org = bureau("山西省市场监督管理局", Organisation.Level.PROVINCE, "140000")
    return UserFactory(username=username, organisation=org, role=role)


def system_admin() -> User:
    return administrator(Role.ADMIN, "sysadmin")


def security_admin() -> User:
    return administrator(Role.SECURITY_ADMIN, "secadmin")


def audit_admin() -> User:
    return administrator(Role.AUDIT_ADMIN, "auditadmin")
