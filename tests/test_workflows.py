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
        "actions/cache",
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


def test_pages_workflow_keeps_the_build_cache_between_deploys() -> None:
    """A deploy after a one-page edit is a warm build: the generator's cache folder is
    restored before the build and saved after it under a new key (caches are immutable)."""
    from mlcareer_site.build import CACHE_DIR

    steps = load("pages.yml")["jobs"]["build"]["steps"]
    caches = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1, "one actions/cache step"
    cache = steps[caches[0]]
    assert cache["uses"] == "actions/cache@v4"  # restores, and saves after the job
    options = cache["with"]
    assert options["path"].strip() == ".cache/mlcareer-site"
    assert options["path"].strip() == CACHE_DIR.as_posix()  # where the generator keeps it
    # A key that changes on every run, so each deploy saves its updated cache...
    assert options["key"] == "mlcareer-site-${{ runner.os }}-${{ github.sha }}"
    # ...and a prefix that restores the newest earlier one.
    assert options["restore-keys"].strip() == "mlcareer-site-${{ runner.os }}-"
    assert options["key"].startswith(options["restore-keys"].strip())
    build = next(i for i, s in enumerate(steps) if "mlcareer-site build" in s.get("run", ""))
    assert caches[0] < build, "the cache is restored before the build"
    install = next(i for i, s in enumerate(steps) if "pip install" in s.get("run", ""))
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert steps.index(python) < install
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "pyproject.toml"
    assert (REPO / "pyproject.toml").is_file()


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
    cache = next(
        s for s in shipped["jobs"]["build"]["steps"] if "actions/cache" in s.get("uses", "")
    )
    ours_cache = next(
        s for s in ours["jobs"]["build"]["steps"] if "actions/cache" in s.get("uses", "")
    )
    assert cache["with"] == ours_cache["with"]  # a scaffolded guide deploys warm too
