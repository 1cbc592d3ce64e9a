"""The engine classes' constructor hook: ``ExecutionEngine(venue=venue)``,
i.e. the seed's ``RustExecutionEngine(venue=venue)``, gives a
sigmax_exec.venue.VenueExecutionEngine over that venue (docs/python.md, "The
seed's API on a venue"); every other call makes a matching engine as before.

A class call returns another class's object only through ``__new__``; Python
then skips the class's ``__init__``. So the engines' constructors and methods
stay as they were: execute_order costs the same (bench/python_steps.py), and
making an engine costs one more Python call. The venue package (numpy,
market data) is imported only when ``venue=`` is given.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Type, TypeVar, overload

if TYPE_CHECKING:
    from .venue import Venue, VenueExecutionEngine

_Engine = TypeVar("_Engine")


class VenueConstructor:
    """Base of every backend's engine class: the ``venue=`` constructor.

    Type checkers that follow ``__new__``'s return type (the typing spec's
    constructor rules) see ``RustExecutionEngine(venue=v)`` as a
    VenueExecutionEngine. mypy types a class call from ``__init__`` and
    ignores a ``__new__`` that returns another class (python/mypy#15182), so
    typed code spells it ``VenueExecutionEngine(v)``: the same object."""

    __slots__ = ()

    @overload  # type: ignore[misc]  # returns another class's object: mypy refuses that for __new__
    def __new__(cls, *, venue: "Venue") -> "VenueExecutionEngine": ...

    @overload
    def __new__(cls: Type[_Engine], *args: Any, **kwargs: Any) -> _Engine: ...

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if "venue" in kwargs:
            from .venue._seed_engine import engine_from_constructor
            return engine_from_constructor(cls.__name__, args, kwargs)
        return object.__new__(cls)
