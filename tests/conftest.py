"""Shared test settings: a hypothesis profile for CI, and the optional extras a test may need.

A test that needs an optional extra carries ``@pytest.mark.extra("spark")`` (or ``"mj"``,
``"unidecode"``).  Without the extra it is skipped, so the README's test command passes on a
fresh machine that installed only ``.[test]``.  ``MYNACHECK_REQUIRE_SPARK=1`` (and
``MYNACHECK_REQUIRE_MJ=1`` ...) turns that skip into a failure: CI installs the extras and sets
them, then runs ``pytest -m extra``.  The marker is the only way a test skips for an extra, so a
test that needs one and lacks the marker fails on the fresh machine instead of hiding.

A test that needs headless Chromium (the HTML report in a real browser) carries
``@pytest.mark.browser``: skipped without it, failed when ``MYNACHECK_REQUIRE_BROWSER=1``
(CI installs Chromium with apt and sets it).
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Extra name (as in pyproject's optional-dependencies) -> the modules it brings.
EXTRAS: dict[str, tuple[str, ...]] = {
    "spark": ("pyspark", "pyarrow", "pandas"),
    "pandas": ("pandas",),
    "polars": ("polars",),
    "arrow": ("pyarrow",),
    "mj": ("jntajis",),
    "unidecode": ("unidecode",),
}


def missing(extra: str) -> str | None:
    """Why the extra can't be used here, or None when it can."""
    for module in EXTRAS[extra]:
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -e '.[{extra}]')"
    if extra == "spark" and shutil.which("java") is None:
        return "Spark needs Java on PATH"
    return None


def required(extra: str) -> bool:
    return os.environ.get(f"MYNACHECK_REQUIRE_{extra.upper()}") == "1"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "extra(name): needs an optional extra; skipped without it unless MYNACHECK_REQUIRE_<NAME>=1")
    config.addinivalue_line(
        "markers", "browser: needs headless Chromium; skipped without it unless MYNACHECK_REQUIRE_BROWSER=1")


def chromium() -> str | None:
    """The system's Chromium (never downloaded), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.hookimpl(tryfirst=True)  # before fixtures: a Spark fixture needs pyspark
def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("extra"):
        (extra,) = mark.args
        if extra not in EXTRAS:
            pytest.fail(f"unknown extra {extra!r}; add it to EXTRAS in tests/conftest.py")
        why = missing(extra)
        if why is None:
            continue
        if required(extra):
            pytest.fail(f"{why}, and MYNACHECK_REQUIRE_{extra.upper()}=1")
        pytest.skip(why)
    if item.get_closest_marker("browser") is not None and chromium() is None:
        why = "chromium is not installed (apt-get install chromium)"
        if required("browser"):
            pytest.fail(f"{why}, and MYNACHECK_REQUIRE_BROWSER=1")
        pytest.skip(why)
