"""Allow ``python -m mlcareer_site``, the same as the ``mlcareer-site`` command."""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    main(prog_name="mlcareer-site")
