"""One demo province for all tests in tests/demo (generating it takes several seconds)."""

from __future__ import annotations

import pytest

from eduplan.demo import DemoProvince, generate_demo


@pytest.fixture(scope="session")
def province() -> DemoProvince:
    return generate_demo()
