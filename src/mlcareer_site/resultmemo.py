"""Remember what a pure function made from its arguments, and accept results made elsewhere.

Like ``functools.lru_cache``, but a result computed in another process — a worker of a
large cold build (see ``facts``) — can be filed in, so the first call here finds it instead
of doing the work again. At most ``limit`` results are kept; the oldest go first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Result = TypeVar("Result")


class ResultMemo(Generic[Key, Result]):
    """Results by key; ``get`` makes what is missing, ``file`` stores what was made elsewhere."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[Key, Result] = {}

    def get(self, key: Key, make: Callable[[], Result]) -> Result:
        if key in self.entries:
            return self.entries[key]
        return self.file(key, make())

    def file(self, key: Key, result: Result) -> Result:
        """Keep ``result`` for ``key`` (a result already kept stays: callers rely on getting
        the very same object back while the key is the same) and return the kept one."""
        if key in self.entries:
            return self.entries[key]
        while len(self.entries) >= self.limit:
            del self.entries[next(iter(self.entries))]
        self.entries[key] = result
        return result
