"""Standards the best sites meet: valid HTML (Nu HTML Checker) and no serious accessibility
violations (axe-core) on any page, in the light and the dark theme.

Both tools come from the npm registry; scripts/test.sh installs them into .cache/node.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import REPO
from .test_pages import PAGES

NODE_MODULES = Path(os.environ.get("MLCAREER_NODE_MODULES", REPO / ".cache/node/node_modules"))
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


def require(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/test.sh, which installs vnu-jar and axe-core")
    return path


def test_every_page_is_valid_html(site_dir: Path) -> None:
    pages = sorted(str(p) for p in site_dir.glob("*.html"))
    proc = subprocess.run(
        ["java", "-jar", str(require(VNU_JAR)), "--format", "json", "--also-check-svg", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error"
    ]
    assert errors == []
    assert len(pages) == len(PAGES)


@pytest.mark.parametrize(("theme", "width"), [("light", 1280), ("dark", 1280), ("light", 375)])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(
    browser: Browser, base_url: str, name: str, theme: str, width: int
) -> None:
    context = browser.new_context(color_scheme=theme, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + name, wait_until="load")
    plots = page.locator(".chart-plot")
    page.mouse.move(5, 5)  # charts wait for the reader's first interaction
    for index in range(plots.count()):
        plots.nth(index).scroll_into_view_if_needed()
        plots.nth(index).locator("svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    page.add_script_tag(path=str(require(AXE_JS)))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    context.close()
    assert serious == []
