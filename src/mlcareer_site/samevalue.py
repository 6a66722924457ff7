"""Remember what was made from a data value while the very same object comes back.

The data loader hands an unchanged data file's value back as the same object on every
``serve`` rebuild (see ``data.CHECKED``). Whatever is made from such a value alone — its
JSON, its CSV tables, its digest — is made again only when the file changed. The value is
kept with the result, so its identity cannot be reused by another object.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")


class SameValueMemo(Generic[Result]):
    """Results by key, each valid while it is asked for with the same value object."""

    def __init__(self) -> None:
        self.entries: dict[Hashable, tuple[Any, Result]] = {}

    def get(self, key: Hashable, value: Any, make: Callable[[Any], Result]) -> Result:
        known = self.entries.get(key)
        if known is None or known[0] is not value:
            known = self.entries[key] = (value, make(value))
        return known[1]
