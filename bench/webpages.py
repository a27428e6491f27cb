"""The pages each role opens every day, resolved against a database (shared by bench/web.py's
server-side timing and its Locust load test)."""

from __future__ import annotations

from typing import Any

# Demo logins (qstrong loaddemo) that stand for each role in the load test, with their weight:
# most users are officers in counties and cities, a few at the province, some enterprises.
ROLES = {
    "province": 2,
    "taiyuan": 2,
    "qingxu": 3,
    "taigu": 2,
    "leader": 1,
    "guangyuyuan": 2,
}


def pages(username: str) -> dict[str, str]:
    """{page label: path} for one demo login; details pick records inside its jurisdiction."""
    from qstrong.accounts.models import User
    from qstrong.policies.models import Policy
    from qstrong.policies.selectors import policies_visible
    from qstrong.registry.models import Chain, Town
    from qstrong.registry.selectors import enterprises_visible

    user = User.objects.get(username=username)
    if user.role == "enterprise_user":
        from qstrong.policies.models import Push

        push = Push.objects.filter(enterprise_id=user.organisation.enterprise_id).first()
        found = {"portal home": "/portal/", "calculator": "/portal/calculator/"}
        if push is not None:
            found["portal policy"] = f"/portal/policies/{push.pk}/"
        return found
    enterprise = enterprises_visible(user=user).order_by("pk").first()
    chain = Chain.objects.filter(archived_at__isnull=True).order_by("sort_order", "code").first()
    town = Town.objects.filter(archived_at__isnull=True).order_by("code").first()
    policy = policies_visible(user=user).filter(state=Policy.State.PUBLISHED).first()
    found: dict[str, Any] = {
        "enterprise list": "/registry/enterprises/",
        "search name 有限": "/registry/enterprises/?q=%E6%9C%89%E9%99%90",
        "search name 3 chars": "/registry/enterprises/?q=%E4%B8%AD%E8%8D%AF%E8%82%A1",
        "search uscc": "/registry/enterprises/?q=91140121",
        "filter region": "/registry/enterprises/?region=140121",
        "filter industry": "/registry/enterprises/?industry=C",
        "filter scale": "/registry/enterprises/?scale=small",
        "filter chain": f"/registry/enterprises/?chain={chain.code}" if chain else None,
        "filter town": f"/registry/enterprises/?town={town.code}" if town else None,
        "filter tag": "/registry/enterprises/?tag=high_tech",
        "sort region": "/registry/enterprises/?sort=-region",
        "enterprise detail": f"/registry/enterprises/{enterprise.pk}/" if enterprise else None,
        "chain list": "/registry/chains/",
        "chain detail": f"/registry/chains/{chain.code}/" if chain else None,
        "town list": "/registry/towns/",
        "town detail": f"/registry/towns/{town.code}/" if town else None,
        "chain graph": f"/insights/graph/{chain.code}/" if chain else None,
        "policy list": "/policies/",
        "policy detail": f"/policies/{policy.pk}/" if policy else None,
        "explanation": (
            f"/policies/{policy.pk}/explain/{enterprise.pk}/" if policy and enterprise else None
        ),
        "enterprise policy panel": (
            f"/policies/enterprises/{enterprise.pk}/panel/" if enterprise else None
        ),
        "coverage": "/policies/coverage/",
        "pushes": "/policies/pushes/",
        "activities": "/casework/activities/",
        "needs": "/casework/needs/",
        "tasks": "/casework/tasks/",
        "task board": "/casework/tasks/board/",
        "problems": "/quality/problems/",
        "problem kanban": "/quality/problems/kanban/",
        "food safety": "/foodsafety/",
        "dashboard overview": "/insights/",
        "dashboard chain": f"/insights/chains/{chain.code}/" if chain else None,
        "dashboard town": f"/insights/towns/{town.code}/" if town else None,
        "dashboard outreach": "/insights/outreach/",
        "dashboard coverage": "/insights/coverage/",
        "indicators": "/insights/indicators/",
        "county map": "/insights/map/",
        "map data": "/insights/map/data/",
    }
    return {label: path for label, path in found.items() if path}
