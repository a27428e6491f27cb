"""Passwords are hashed with Argon2 and must be complex enough."""

from __future__ import annotations

import pytest
from django.conf import settings as project_settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from qstrong import settings as configured


def test_the_configured_hasher_is_argon2(settings: object) -> None:
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS  # type: ignore[attr-defined]
    encoded = make_password("Qstrong-Test-2024!")
    assert encoded.startswith("argon2$")
    assert check_password("Qstrong-Test-2024!", encoded)


@pytest.mark.parametrize("password", ["abcdefghijk", "abcdefgh1234", "Short1!"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_complex_password_is_accepted() -> None:
    assert project_settings.AUTH_PASSWORD_VALIDATORS
    validate_password("Shanxi-Quality-2024")
