"""mlcareer-site: builds the junior machine-learning engineer career guide as a static site."""

from __future__ import annotations

__version__ = "0.1.0"
