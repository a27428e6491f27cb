"""Demo organisations (the province's bureaus, one enterprise) and demo users with one password.

The password is printed on screen and written in the README: it is not a secret, which is why
the loader refuses to create these users under production settings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from qstrong.accounts.models import Organisation, Role, User
from qstrong.registry.models import Enterprise

DEMO_PASSWORD = "Demo-2024!qs"

PROVINCE_BUREAU = "山西省市场监督管理局"

# The 11 cities of Shanxi (GB/T 2260).
CITY_BUREAUS: tuple[tuple[str, str], ...] = (
    ("140100", "太原市市场监督管理局"),
    ("140200", "大同市市场监督管理局"),
    ("140300", "阳泉市市场监督管理局"),
    ("140400", "长治市市场监督管理局"),
    ("140500", "晋城市市场监督管理局"),
    ("140600", "朔州市市场监督管理局"),
    ("140700", "晋中市市场监督管理局"),
    ("140800", "运城市市场监督管理局"),
    ("140900", "忻州市市场监督管理局"),
    ("141000", "临汾市市场监督管理局"),
    ("141100", "吕梁市市场监督管理局"),
)

# The counties of the article's towns and enterprises. A city district's bureau carries the
# city's name, as they do in practice (two cities have a district called 城区).
COUNTY_BUREAUS: tuple[tuple[str, str], ...] = (
    ("140121", "清徐县市场监督管理局"),
    ("140213", "大同市平城区市场监督管理局"),
    ("140702", "晋中市榆次区市场监督管理局"),
    ("140703", "晋中市太谷区市场监督管理局"),
    ("140802", "运城市盐湖区市场监督管理局"),
    ("140823", "闻喜县市场监督管理局"),
    ("140881", "永济市市场监督管理局"),
    ("140882", "河津市市场监督管理局"),
    ("140923", "代县市场监督管理局"),
    ("141181", "孝义市市场监督管理局"),
    ("141182", "汾阳市市场监督管理局"),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: str
    organisation: str  # organisation name
    superuser: bool = False


DEMO_ENTERPRISE_KEY = "guangyuyuan"  # the enterprise user's enterprise (article_enterprises)
DEMO_ENTERPRISE_NAME = "广誉远中药股份有限公司"
# The food enterprise whose user keeps the food-safety routine in the demo.
DEMO_FOOD_ENTERPRISE_KEY = "yanmenshan_wine"
DEMO_FOOD_ENTERPRISE_NAME = "代县雁门山酒业有限公司"
DEMO_ENTERPRISE_KEYS = (DEMO_ENTERPRISE_KEY, DEMO_FOOD_ENTERPRISE_KEY)

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("province", "省局规划人员（演示）", Role.PROVINCE_PLANNER, PROVINCE_BUREAU),
    DemoUser("leader", "省局领导（演示）", Role.LEADER, PROVINCE_BUREAU),
    DemoUser("taiyuan", "太原市局工作人员（演示）", Role.CITY_OFFICER, "太原市市场监督管理局"),
    DemoUser("qingxu", "清徐县局工作人员（演示）", Role.COUNTY_OFFICER, "清徐县市场监督管理局"),
    DemoUser(
        "taigu", "太谷区局工作人员（演示）", Role.COUNTY_OFFICER, "晋中市太谷区市场监督管理局"
    ),
    DemoUser("daixian", "代县局工作人员（演示）", Role.COUNTY_OFFICER, "代县市场监督管理局"),
    DemoUser("admin", "系统管理员（演示）", Role.ADMIN, PROVINCE_BUREAU, superuser=True),
    DemoUser("security", "安全管理员（演示）", Role.SECURITY_ADMIN, PROVINCE_BUREAU),
    DemoUser("auditor", "审计管理员（演示）", Role.AUDIT_ADMIN, PROVINCE_BUREAU),
    DemoUser("guangyuyuan", "广誉远企业用户（演示）", Role.ENTERPRISE_USER, DEMO_ENTERPRISE_NAME),
    DemoUser(
        "yanmenshan", "雁门山酒业企业用户（演示）", Role.ENTERPRISE_USER, DEMO_FOOD_ENTERPRISE_NAME
    ),
)


class DemoUsersRefused(RuntimeError):
    """Demo users were asked for under production settings."""


PRODUCTION_REFUSAL = (
    "拒绝创建演示账户：当前为生产环境（QSTRONG_ENV=production），演示密码是公开的，"
    "不得进入生产系统。Refusing to create demo users under production settings: "
    "the demo password is public."
)


def refuse_in_production() -> None:
    if getattr(settings, "PRODUCTION", False):
        raise DemoUsersRefused(PRODUCTION_REFUSAL)


def _organisation_put(*, name: str, values: dict[str, Any], counts: dict[str, int]) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(name=name, defaults=values)
    if created:
        counts["created"] += 1
        return organisation
    changed = [key for key, value in values.items() if getattr(organisation, key) != value]
    if changed:
        for key in changed:
            setattr(organisation, key, values[key])
        organisation.save(update_fields=[*changed, "updated_at"])
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return organisation


def _bureau(name: str, level: str, region: str) -> dict[str, Any]:
    return {
        "name": name,
        "values": {"kind": Organisation.Kind.BUREAU, "level": level, "region_id": region},
    }


def demo_organisations(enterprises: Sequence[Enterprise]) -> list[dict[str, Any]]:
    """The organisations to create: bureaus at three levels, and the demo enterprises'."""
    organisations = [_bureau(PROVINCE_BUREAU, Organisation.Level.PROVINCE, "140000")]
    organisations += [_bureau(n, Organisation.Level.CITY, r) for r, n in CITY_BUREAUS]
    organisations += [_bureau(n, Organisation.Level.COUNTY, r) for r, n in COUNTY_BUREAUS]
    for enterprise in enterprises:
        organisations.append(
            {
                "name": enterprise.name,
                "values": {
                    "kind": Organisation.Kind.ENTERPRISE,
                    "level": "",
                    "region_id": None,
                    "enterprise_id": enterprise.pk,
                },
            }
        )
    return organisations


@transaction.atomic
def demo_accounts_load(*, enterprises: Sequence[Enterprise]) -> dict[str, dict[str, int]]:
    """Create or bring up to date the demo organisations and users; passwords set on creation only.

    A user whose password someone changed keeps it: running the loader again must not undo that.
    """
    refuse_in_production()
    org_counts = {"created": 0, "updated": 0, "unchanged": 0}
    organisations = {
        spec["name"]: _organisation_put(name=spec["name"], values=spec["values"], counts=org_counts)
        for spec in demo_organisations(enterprises)
    }
    user_counts = {"created": 0, "updated": 0, "unchanged": 0}
    for spec in DEMO_USERS:
        organisation = organisations.get(spec.organisation)
        if organisation is None:  # an enterprise user, when its enterprise is not loaded
            continue
        values = {
            "display_name": spec.display_name,
            "role": spec.role,
            "organisation_id": organisation.pk,
            "is_staff": spec.superuser,
            "is_superuser": spec.superuser,
        }
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, **values)
            user.set_password(DEMO_PASSWORD)
            user.save()
            user_counts["created"] += 1
            continue
        changed = [key for key, value in values.items() if getattr(user, key) != value]
        if changed:
            for key in changed:
                setattr(user, key, values[key])
            user.save(update_fields=changed)
            user_counts["updated"] += 1
        else:
            user_counts["unchanged"] += 1
    return {"organisations": org_counts, "users": user_counts}


def demo_logins_lines() -> list[str]:
    """What `make demo` prints: every demo login, its role and organisation, and the password."""
    lines = [f"演示账户 / demo logins (password for all: {DEMO_PASSWORD})"]
    for spec in DEMO_USERS:
        role = Role(spec.role).label
        lines.append(f"  {spec.username:<12} {role}（{spec.organisation}）")
    return lines
