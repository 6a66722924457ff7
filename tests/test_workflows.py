"""The GitHub workflows can't run here, so their structure is checked instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]


def load(name: str) -> dict[Any, Any]:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_pages_workflow_builds_with_the_cli_and_deploys_officially() -> None:
    workflow = load("pages.yml")
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert uses(build) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    commands = " ".join(step.get("run", "") for step in build["steps"])
    assert "mlcareer-site build" in commands
    assert "--site-url" in commands and "steps.pages.outputs.base_url" in commands
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"]["path"] == "build"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert uses(deploy) == ["actions/deploy-pages"]


def test_ci_workflow_runs_the_readme_test_command() -> None:
    workflow = load("ci.yml")
    triggers = workflow[True]
    assert "push" in triggers and "pull_request" in triggers
    steps = workflow["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash scripts/test.sh" for step in steps)
    assert "bash scripts/test.sh" in (REPO / "README.md").read_text()
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text()


def test_scaffolded_workflow_matches_the_repository_one() -> None:
    ours = load("pages.yml")
    shipped = yaml.safe_load((REPO / "src/mlcareer_site/skeleton/pages.yml").read_text())
    assert ours["jobs"]["deploy"] == shipped["jobs"]["deploy"]
    assert uses(ours["jobs"]["build"]) == uses(shipped["jobs"]["build"])
