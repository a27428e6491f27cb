"""Demo and synthetic unified social credit codes that pass every check a real code passes."""

from __future__ import annotations

import hashlib

# Characters a USCC may contain (GB 32100-2015 leaves out I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(USCC_ALPHABET)}
# GB 32100-2015 weights of the first 17 characters (3^i mod 31), as python-stdnum computes them.
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

# GB 11714-1997 organisation code: weights of the eight body characters.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(body: str) -> str:
    """The 9-character organisation code: an 8-character body and its GB 11714 check character."""
    if len(body) != 8:
        raise ValueError("an organisation code body has 8 characters")
    total = sum(int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def uscc_check_character(first17: str) -> str:
    """The GB 32100 check character, as python-stdnum computes it (a test compares the two),
    without its validation layers: the synthetic generator calls it a million times."""
    values = _USCC_VALUES
    total = sum(values[char] * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_compose(*, region: str, organisation_body: str) -> str:
    """A full code: 9 (market regulation) 1 (enterprise), the region, organisation code, check."""
    first17 = f"91{region}{organisation_code(organisation_body)}"
    return first17 + uscc_check_character(first17)


def demo_uscc(*, region: str, key: str) -> str:
    """A stable generated code for a named demo enterprise (the article gives no codes).

    The body starts with "MA" like every code issued since 2015; the rest comes from a hash of
    the key, so the same enterprise gets the same code on every machine.
    """
    digest = hashlib.sha256(f"qstrong-demo:{key}".encode()).digest()
    tail = "".join(USCC_ALPHABET[byte % len(USCC_ALPHABET)] for byte in digest[:6])
    return uscc_compose(region=region, organisation_body=f"MA{tail}")
