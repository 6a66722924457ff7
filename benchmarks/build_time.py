"""Print the median wall time of building the repo's guide, cold and warm (N runs each).

Usage: python benchmarks/build_time.py [--runs 5]
Each run is a fresh ``python -m mlcareer_site build`` process, as an editor would run it;
"cold" deletes the build cache (.cache/mlcareer-site) first, "warm" keeps it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def time_command(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build = [sys.executable, "-m", "mlcareer_site", "build", "--out", f"{tmp}/site"]
        cold = []
        for _ in range(options.runs):
            shutil.rmtree(REPO / ".cache" / "mlcareer-site", ignore_errors=True)
            cold.append(time_command(build))
        warm = [time_command(build) for _ in range(options.runs)]
        helps = [
            time_command([sys.executable, "-m", "mlcareer_site", "--help"])
            for _ in range(options.runs)
        ]
    for label, times in (("cold build", cold), ("warm build", warm)):
        print(
            f"{label} of the guide: median {statistics.median(times):.3f} s "
            f"(min {min(times):.3f}, max {max(times):.3f}, {options.runs} runs)"
        )
    print(f"--help:                    median {statistics.median(helps):.3f} s")


if __name__ == "__main__":
    main()
