"""Fixtures of the web tests: the extended world and a logged-in client per role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.web.scores import write_scores
from tests.web.world import PASSWORD, ROLE_USERS, WebWorld, build


@pytest.fixture(autouse=True)
def _store_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """``reports.render`` calls ``store.open_store()``, which looks for the SQLite file; the test database is in
    memory and already open, so there is nothing to check."""
    monkeypatch.setattr("eduplan.store.open_store", lambda: None)


@pytest.fixture(scope="session")
def web_scores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web-var") / "scores"
    write_scores(root)
    return root


@pytest.fixture(autouse=True)
def _scores_folder(web_scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The value-added pages read the scores of tests/web/scores.py, never the developer's var/scores."""
    monkeypatch.setattr("eduplan.store.score_files.default_root", lambda: web_scores)


@pytest.fixture(autouse=True)
def _fitness_folder(web_scores: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fitness pages read results under the session's folder (tests/web/fitness.py), never var/fitness."""
    monkeypatch.setattr("eduplan.store.fitness.default_root", lambda: web_scores.parent / "fitness")
    monkeypatch.setenv("EDUPLAN_PSEUDONYM_KEY", "web-test-key-0123456789")


@pytest.fixture
def web(world: Any, settings: Any) -> WebWorld:
    # The test hasher: logging in a dozen users with PBKDF2 would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    return build(world.county)


def client_for(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD), username
    return client


@pytest.fixture
def as_role(web: WebWorld) -> Any:
    def make(role: str) -> Client:
        return client_for(ROLE_USERS[role])

    return make
