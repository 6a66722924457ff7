"""Progress tracking follows the data: a topic added to data/roadmap.yaml gets a checkbox,
counts in the totals and is found by search, without any other edit."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mlcareer_site.build import build_site


def progress_items(html: str) -> list[str]:
    config = re.search(
        r'<script type="application/json" id="progress-config">(.*?)</script>', html, re.DOTALL
    )
    assert config
    return [item["id"] for item in json.loads(config.group(1))["items"]]


def test_new_topic_gets_a_checkbox_and_counts(repo_copy: Path, tmp_path: Path) -> None:
    roadmap = repo_copy / "data" / "roadmap.yaml"
    text = roadmap.read_text()
    assert "          - {id: python, name: Python}\n" in text
    roadmap.write_text(
        text.replace(
            "          - {id: python, name: Python}\n",
            "          - {id: python, name: Python}\n          - {id: docker-basics, name: Docker basics}\n",
        )
    )
    build_site(repo_copy, tmp_path / "site")
    html = (tmp_path / "site" / "roadmap.html").read_text()
    assert 'data-progress-id="topic:docker-basics" aria-label="Docker basics"' in html
    assert "topic:docker-basics" in progress_items(html)
    home = (tmp_path / "site" / "index.html").read_text()
    assert "topic:docker-basics" in progress_items(home)
    assert "Docker basics" in (tmp_path / "site" / "assets" / "search-index.js").read_text()


def test_every_roadmap_topic_and_plan_phase_is_trackable(repo_copy: Path, tmp_path: Path) -> None:
    build_site(repo_copy, tmp_path / "site")
    html = (tmp_path / "site" / "roadmap.html").read_text()
    items = progress_items(html)
    buttons = re.findall(r'data-progress-id="([^"]+)"', html)
    assert sorted(items) == sorted(buttons)
    assert any(i.startswith("phase:") for i in items) and any(i.startswith("topic:") for i in items)
