"""The API contract run: schemathesis against the WSGI app, every operation, every check.

Used by `tests/api/test_contract.py` (a short run in the suite) and by `make api-fuzz` (the
nightly length on demo data). It runs in the calling thread, so it sees the test's database
transaction; each failure is reported with the operation, the check and a curl to reproduce it.
See docs/api.md ("The contract run").
"""

from __future__ import annotations

import os
import unittest
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, Phase
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.hypothesis.builder import (
    HypothesisTestConfig,
    HypothesisTestMode,
    create_test,
)

SEED = int(os.environ.get("QSTRONG_API_FUZZ_SEED", "15"))
# QSTRONG_API_FUZZ=nightly: 8 examples per operation and every phase for both roles, on the demo
# with synthetic enterprises (`make api-fuzz`); the suite's run is shorter (docs/api.md).
NIGHTLY = os.environ.get("QSTRONG_API_FUZZ", "") == "nightly"
EXAMPLES = int(os.environ.get("QSTRONG_API_FUZZ_EXAMPLES", "8" if NIGHTLY else "2"))
# Only the operations whose label contains this text ("POST /api/quality"), while fixing one.
ONLY = os.environ.get("QSTRONG_API_FUZZ_ONLY", "")

# Operations with a failure we know and have not fixed yet: reported, not failed. Keep it short
# and say why; an entry that no longer fails should be removed.
KNOWN_GAPS: dict[str, str] = {}

ALL_MODES = ("examples", "coverage", "fuzzing")
CSRF_TOKEN = "qstrongcontractrunqstrongcontrac"  # 32 characters: Django's unmasked secret


@dataclass
class Failure:
    operation: str
    title: str
    detail: str

    def __str__(self) -> str:
        return f"{self.operation}: {self.title}\n{self.detail}"


@dataclass
class Report:
    role: str
    operations: int = 0
    cases: int = 0
    failures: list[Failure] = field(default_factory=list)

    known: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        seen: set[tuple[str, str]] = set()
        lines = [
            f"API contract run as {self.role}: {self.operations} operations, {self.cases} cases, "
            f"{len(self.failures)} failures (seed {SEED}); docs/api.md says how to fix each kind.",
            "",
            *[f"  {f.operation}: {f.title}" for f in self.failures],
        ]
        for failure in self.failures:
            key = (failure.operation, failure.title)
            if key in seen:
                continue
            seen.add(key)
            lines += ["", "-" * 78, str(failure)]
        return "\n".join(lines)


def load_schema(*, session_key: str = "") -> Any:
    """The document from the WSGI app; schemathesis sends the session cookie as the scheme says."""
    from qstrong.wsgi import application

    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "auth": {"openapi": {"SessionAuth": {"api_key": session_key}}},
            "checks": {"enabled": True},
            "generation": {"mode": "all"},
            "phases": {"stateful": {"enabled": False}},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=config)


def session_key(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def _uscc_strategy() -> Any:
    from hypothesis import strategies as st
    from stdnum.cn import uscc as stdnum_uscc

    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    head = st.tuples(
        st.text(alphabet, min_size=2, max_size=2),
        st.text("0123456789", min_size=6, max_size=6),
        st.text(alphabet, min_size=9, max_size=9),
    ).map("".join)
    return head.map(lambda first17: first17 + stdnum_uscc.calc_check_digit(first17))


schemathesis.openapi.format("uscc", _uscc_strategy())


@contextmanager
def _quiet_logs() -> Iterator[None]:
    import logging

    # Thousands of requests: the request log and the 4xx warnings would drown the report (which
    # carries each failure's answer and a curl); a 500's traceback is still logged.
    loggers = [logging.getLogger(name) for name in ("qstrong.request", "django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def run_contract(
    *, user: Any, role: str, examples: int = EXAMPLES, modes: tuple[str, ...] = ALL_MODES
) -> Report:
    """Every operation of /api/openapi.json as `user`, in the given phases, all checks on."""
    schema = load_schema(session_key=session_key(user))
    cookies = {settings.CSRF_COOKIE_NAME: CSRF_TOKEN}
    headers = {"X-CSRFToken": CSRF_TOKEN}
    report = Report(role=role)
    hypothesis_settings = hypothesis.settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
        print_blob=False,
    )
    project = schema.config
    for result in schema.get_all_operations():
        operation = result.ok()
        if ONLY not in operation.label:
            continue
        report.operations += 1

        @hypothesis_settings
        def check(case: schemathesis.Case) -> None:
            report.cases += 1
            response = case.call(cookies=cookies, headers=headers)
            case.validate_response(response, headers=headers)

        for mode in [HypothesisTestMode(m) for m in modes]:
            test = create_test(
                operation=operation,
                test_func=check,
                config=HypothesisTestConfig(
                    project=project,
                    modes=[mode],
                    settings=hypothesis_settings,
                    seed=SEED,
                ),
            )
            try:
                with _quiet_logs():
                    test()
            except unittest.SkipTest:
                continue  # no examples in the document for this operation
            except BaseException as exc:  # a FailureGroup, or one check's failure
                if isinstance(exc, KeyboardInterrupt):
                    raise
                found = _failures(operation.label, exc)
                if operation.label in KNOWN_GAPS:
                    report.known += found
                else:
                    report.failures += found
    return report


def _failures(label: str, exc: BaseException) -> list[Failure]:
    """One entry per failed case: the checks that failed, the answer, a curl to reproduce it."""
    from schemathesis.core.failures import Failure as CheckFailure
    from schemathesis.core.failures import FailureGroup

    if isinstance(exc, FailureGroup):
        titles = ", ".join(sorted({str(f.title) for f in exc.exceptions}))
        return [Failure(operation=label, title=titles, detail=exc.message[:4000])]
    if isinstance(exc, CheckFailure):
        return [Failure(operation=label, title=str(exc.title), detail=str(exc)[:4000])]
    if isinstance(exc, BaseExceptionGroup):
        return [found for inner in exc.exceptions for found in _failures(label, inner)]
    detail = "\n".join([f"{type(exc).__name__}: {exc}", *getattr(exc, "__notes__", [])])
    return [Failure(operation=label, title=type(exc).__name__, detail=detail[:4000])]
