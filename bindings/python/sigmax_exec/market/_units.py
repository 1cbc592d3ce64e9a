"""Ticks and lots to prices and quantities in the symbol's units: the
engine's rule (sigmax_exec._values), so a market-data price and an engine
price on the same grid are the same double (581234 ticks of 0.1 give
58123.4, where multiplying by 0.1 gives 58123.400000000001), for numpy
columns and single values alike."""
from __future__ import annotations

from .._values import decimal_form, to_value

__all__ = ["decimal_form", "to_value"]
