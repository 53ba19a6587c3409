"""Schemathesis over the OpenAPI description of /api/, against the live test server with a signed-in analyst:
no answer is a server error, and every answer has a documented status, content type and shape.

The operations are driven with Hypothesis directly (``operation.as_strategy()``), one test per endpoint, so that
the test world and the live server are pytest-django's ordinary fixtures."""

from __future__ import annotations

from typing import Any

import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from eduplan.web.openapi import ENDPOINTS, openapi_document
from tests.web.world import ROLE_USERS, WebWorld

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _operation(path: str) -> Any:
    return schemathesis.openapi.from_dict(openapi_document())[path]["GET"]


def test_no_api_answer_is_a_server_error_or_undocumented(live_server: Any, web: WebWorld) -> None:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=ROLE_USERS["admin"]))
    cookies = {"sessionid": client.cookies["sessionid"].value}
    calls = {path: _fuzz(path, live_server.url, cookies) for path in sorted(ENDPOINTS)}
    assert all(calls.values()), calls  # every endpoint was called and each answer checked


def _fuzz(path: str, base_url: str, cookies: dict[str, str]) -> list[int]:
    """Call one endpoint with generated parameters; the status codes, once every check passed."""
    statuses: list[int] = []

    @given(case=_operation(path).as_strategy())
    @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def call(case: Any) -> None:
        statuses.append(case.call_and_validate(base_url=base_url, cookies=cookies, checks=CHECKS).status_code)

    call()
    return statuses
