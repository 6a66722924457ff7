"""Allow ``python -m mlcareer_site``, the same as the ``mlcareer-site`` command."""

from __future__ import annotations

from .cli import run

if __name__ == "__main__":
    run()
