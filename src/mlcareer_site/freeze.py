"""Data that cannot be changed in place once it is checked.

Every page, block and chart reads the same data values, and a result made from them is
reused while they hold. One chart builder that sorted a list in place, or a template that
added a key, would change what every later page and rebuild reads, without any input file
changing. So checked data is frozen: mappings and lists that refuse every change (a change
raises ``TypeError`` at the line that tried it). They stay a ``dict`` and a ``list`` to
everything that only reads them (Jinja, ``json``, Plotly, ``csv``).
"""

from __future__ import annotations

import copy
from typing import Any, NoReturn


def _refuse(self: object, *args: object, **kwargs: object) -> NoReturn:
    raise TypeError(f"checked data is read-only (a {type(self).__name__} cannot be changed)")


class FrozenDict(dict):  # type: ignore[type-arg]
    """A ``dict`` that refuses every change."""

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),), self.__dict__ or None)

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        """A deep copy is the caller's own: a plain, changeable ``dict``."""
        return {key: copy.deepcopy(item, memo) for key, item in self.items()}


class FrozenList(list):  # type: ignore[type-arg]
    """A ``list`` that refuses every change (``a + b`` still makes a new, plain list)."""

    __setitem__ = __delitem__ = append = extend = insert = pop = remove = _refuse
    clear = sort = reverse = __iadd__ = __imul__ = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self),))

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self))

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return [copy.deepcopy(item, memo) for item in self]


def freeze(value: Any) -> Any:
    """``value`` with every mapping and list in it frozen (already frozen parts are kept)."""
    if isinstance(value, FrozenDict | FrozenList):
        return value
    if isinstance(value, dict):
        frozen = FrozenDict({key: freeze(item) for key, item in value.items()})
        return frozen
    if isinstance(value, list | tuple):
        return FrozenList(freeze(item) for item in value)
    return value
