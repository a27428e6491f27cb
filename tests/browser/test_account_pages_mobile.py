"""Browser (issue 12): the portal's account pages at 390 px width, in Chinese and in English:
nothing wider than the screen, and no Chinese left in the English main content."""

from __future__ import annotations

import re
from typing import Any

import pytest

from qstrong.accounts.tests.factories import PASSWORD, enterprise_user
from qstrong.registry.tests.factories import EnterpriseFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "register": "/portal/register/",
    "otp-setup": "/accounts/otp/setup/",
    "colleagues": "/portal/colleagues/",
    "change-new": "/changes/new/",
    "password": "/accounts/password/",
}
HAN = re.compile(r"[\u4e00-\u9fff]+")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_account_pages_fit_390_px(page: Any, language: str) -> None:
    user = enterprise_user(EnterpriseFactory(name="清徐老陈醋酿造有限公司", region_id="140121"))
    user.is_enterprise_admin = True
    user.language = language
    user.save(update_fields=["is_enterprise_admin", "language"])
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, user.username, PASSWORD)
    chinese: dict[str, list[str]] = {}
    for name, url in PAGES.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        screenshot(page, f"accounts-390-{language}-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name}: {width} px wide"
        if language == "en":
            main = page.locator("main, .card").first.inner_text()
            # the enterprise's name and the person's are data, not interface text
            for data in ("清徐老陈醋酿造有限公司", user.display_name, user.get_full_name()):
                main = main.replace(data, "") if data else main
            left = HAN.findall(main)
            if left:
                chinese[name] = left
    assert not chinese, chinese
