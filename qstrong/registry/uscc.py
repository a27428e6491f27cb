"""The unified social credit code (GB 32100-2015), checked with python-stdnum."""

from __future__ import annotations

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength


class UsccError(ValueError):
    """Why a code is not a valid USCC; `code` is one of length, format, checksum."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def uscc_normalise(value: str) -> str:
    return stdnum_uscc.compact(value or "").upper()


def uscc_validate(value: str) -> str:
    """The compact, upper-cased code; raises UsccError naming what is wrong."""
    code = uscc_normalise(value)
    try:
        return stdnum_uscc.validate(code)
    except InvalidLength as exc:
        raise UsccError("length") from exc
    except InvalidChecksum as exc:
        raise UsccError("checksum") from exc
    except (InvalidFormat, InvalidComponent) as exc:
        raise UsccError("format") from exc


def uscc_with_check(first17: str) -> str:
    """Complete 17 characters with their check character (synthetic and demo codes)."""
    return first17 + stdnum_uscc.calc_check_digit(first17)


# GB 32100's alphabet: digits and capitals without I, O, S, V, Z.
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")


def looks_like_uscc_prefix(value: str) -> bool:
    """A search text that can only be the start of a code: 6 to 18 characters of the USCC
    alphabet with at least 4 digits (an enterprise's name is Chinese; "91140121" is not one)."""
    text = value.strip().upper()
    return (
        6 <= len(text) <= 18
        and set(text) <= _USCC_ALPHABET
        and sum(ch.isdigit() for ch in text) >= 4
    )
