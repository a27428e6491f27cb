"""Handbook test helpers: a 清徐 enterprise with a need and a policy result, drafted handbooks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qstrong.accounts.models import Organisation
from qstrong.handbooks import services
from qstrong.handbooks.library import library_ensure
from qstrong.handbooks.models import Handbook
from qstrong.registry.tests.factories import EnterpriseFactory

AS_OF = dt.date(2024, 9, 30)


def qingxu_bureau() -> Organisation:
    return Organisation.objects.get(name="清徐县市场监督管理局")


def drafted(subject: Any = None, *, actor: Any = None) -> Handbook:
    library_ensure()
    subject = subject or EnterpriseFactory(name="清徐宝源老陈醋有限公司")
    handbook = services.handbook_create(subject=subject, actor=actor)
    return services.handbook_generate(handbook=handbook, actor=actor, as_of=AS_OF)
