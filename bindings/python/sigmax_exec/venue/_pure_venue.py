"""The pure-Python venue core (being written)."""
from __future__ import annotations

from typing import Any


class PureVenueCore:
    def __init__(self, file: Any, config: Any) -> None:
        raise NotImplementedError("the pure-Python venue is not written yet")
