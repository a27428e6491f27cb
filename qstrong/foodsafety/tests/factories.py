"""Test data for the routine: a food enterprise in 清徐 enrolled with a small risk list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qstrong.foodsafety.models import Enrolment, RiskItem
from qstrong.registry.tests.factories import EnterpriseFactory


def food_enterprise(**kwargs: Any) -> Any:
    """A 黄酒 maker in 清徐 (140121) unless told otherwise."""
    return EnterpriseFactory(industry_id=kwargs.pop("industry_id", "C1514"), **kwargs)


def enrol(
    enterprise: Any, *, on: dt.date, director: str = "王总监", officer: str = "李安全员"
) -> Enrolment:
    """Enrol directly (the service is tested on its own; here we need the state)."""
    return Enrolment.objects.create(
        enterprise=enterprise,
        enrolled_on=on,
        main_responsible="张经理",
        director=director,
        officer=officer,
    )


def risk_item(enterprise: Any, point: str = "发酵温度", frequency: str = "daily") -> RiskItem:
    return RiskItem.objects.create(
        enterprise=enterprise,
        risk_point=point,
        control_measure="前酵温度控制在 28–30℃，每日两次记录",
        frequency=frequency,
        responsible="赵班长",
    )
