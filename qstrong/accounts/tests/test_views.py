"""Login, logout, lockout on the page, and the language switch saved on the user."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qstrong.accounts.tests import factories as people
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_is_a_chinese_card(client) -> None:
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "用户登录" in html
    assert "质量强企强链强县服务平台" in html
    assert '<html lang="zh-Hans">' in html
    assert "Content-Security-Policy" in response.headers
    assert "<script>" not in html  # no inline script under the CSP


def test_login_redirects_to_the_home_page_of_the_role(client) -> None:
    people.county_officer_qingxu()

    response = client.post(LOGIN, {"username": "qingxu", "password": people.PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["qstrong_language"] == "zh-hans"


@pytest.mark.parametrize(
    ("persona", "page"),
    [
        (people.county_officer_qingxu, "registry:enterprise_list"),
        (people.province_planner, "registry:enterprise_list"),
        (people.leader, "insights:overview"),
    ],
)
def test_home_sends_each_role_to_its_start_page(client, persona, page) -> None:
    client.force_login(persona())

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse(page)


def test_home_sends_an_enterprise_user_to_the_portal(client) -> None:
    client.force_login(people.enterprise_user(EnterpriseFactory()))

    response = client.get(reverse("home"))

    assert response["Location"] == reverse("portal:home")


def test_home_asks_an_anonymous_visitor_to_sign_in(client) -> None:
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_login_follows_a_safe_next_but_not_another_site(client) -> None:
    people.county_officer_qingxu()

    safe = client.post(
        LOGIN, {"username": "qingxu", "password": people.PASSWORD, "next": "/registry/chains/"}
    )
    client.logout()
    unsafe = client.post(
        LOGIN, {"username": "qingxu", "password": people.PASSWORD, "next": "https://evil.example/"}
    )

    assert safe["Location"] == "/registry/chains/"
    assert unsafe["Location"] == reverse("home")


def test_a_wrong_password_shows_an_error(client) -> None:
    people.county_officer_qingxu()

    response = client.post(LOGIN, {"username": "qingxu", "password": "nope"})

    assert response.status_code == 200
    assert "用户名或密码不正确。" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_fifth_failure_locks_with_a_clear_message(client) -> None:
    people.county_officer_qingxu()
    for _ in range(4):
        client.post(LOGIN, {"username": "qingxu", "password": "nope"})

    fifth = client.post(LOGIN, {"username": "qingxu", "password": "nope"})
    right = client.post(LOGIN, {"username": "qingxu", "password": people.PASSWORD})

    assert "账户已锁定，请 15 分钟后再试" in fifth.content.decode()
    assert right.status_code == 200
    assert "账户已锁定，请 15 分钟后再试" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client) -> None:
    officer = people.county_officer_qingxu()
    client.force_login(officer)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_language_switch_saves_the_choice_and_renders_english(client) -> None:
    officer = people.county_officer_qingxu()
    client.force_login(officer)

    response = client.post(
        "/accounts/language/", {"language": "en", "next": "/registry/enterprises/"}
    )
    page = client.get("/registry/enterprises/")

    officer.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == "/registry/enterprises/"
    assert officer.language == "en"
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Quality-Strong Enterprise, Chain and County Platform" in html
    assert "Enterprise name or USCC" in html
    assert "企业名录" not in html


def test_the_saved_language_follows_the_user_to_a_new_login(client) -> None:
    officer = people.county_officer_qingxu()
    officer.language = "en"
    officer.save()

    client.post(LOGIN, {"username": "qingxu", "password": people.PASSWORD})
    page = client.get("/registry/chains/")

    assert "Chains" in page.content.decode()
    assert '<html lang="en">' in page.content.decode()


def test_an_unknown_language_changes_nothing(client) -> None:
    officer = people.county_officer_qingxu()
    client.force_login(officer)

    client.post("/accounts/language/", {"language": "fr", "next": "/registry/enterprises/"})

    officer.refresh_from_db()
    assert officer.language == "zh-hans"


def test_pages_need_a_login(client) -> None:
    response = client.get("/registry/enterprises/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=")
