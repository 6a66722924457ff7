"""Shared fixtures: a small guide project assembled from the real templates."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def make_project(target: Path, fixture: str = "mini") -> Path:
    """Copy the real templates, then the fixture's data, content and extra blocks."""
    shutil.copytree(REPO / "templates", target / "templates")
    shutil.copytree(FIXTURES / fixture, target, dirs_exist_ok=True)
    return target


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "mini")


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the real guide (content, data, templates) that a test may change."""
    target = tmp_path / "guide"
    for name in ("content", "data", "templates"):
        shutil.copytree(REPO / name, target / name)
    return target


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium per test process, shared by every browser test."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
