"""Events as a pandas DataFrame (pandas is optional: imported only here)."""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np

from ._records import Kind, Symbol
from ._units import to_value

KIND_NAMES = [k.name for k in Kind]
SIDE_NAMES = ["buy", "sell", "none"]


def _categorical(pd: Any, codes: Any, names: Any) -> Any:
    """A categorical from integer codes indexing `names` (other codes become NaN)."""
    codes = np.asarray(codes, dtype=np.int64)
    codes = np.where((codes >= 0) & (codes < len(names)), codes, -1)
    return pd.Categorical.from_codes(codes, categories=names)


def events_frame(events: Any, symbols: Iterable[Symbol]) -> Any:
    """One row per event, in order (index = position in ``events``):

    - ``local_ts``, ``exch_ts``: datetime64[ns, UTC];
    - ``symbol`` (uint32 id) and ``symbol_name`` (categorical);
    - ``kind`` (categorical of Kind names: LEVEL, TRADE, ...), ``side``
      (categorical: buy, sell, none), ``flags`` (uint16, Flag bits);
    - ``price_ticks``, ``quantity_lots`` (int64) and ``price``,
      ``quantity`` (float64 in the symbol's units, NaN for a symbol not in
      the table);
    - ``order_id``, ``sequence`` (uint64).

    Columns are copies (pandas needs contiguous columns); ``events`` itself
    is not changed. ImportError without pandas.
    """
    try:
        import pandas as pd  # type: ignore[import]
    except ImportError as exc:
        raise ImportError("to_pandas needs pandas (pip install pandas)") from exc
    table = list(symbols)
    ids = events["symbol"]
    price = np.full(len(events), np.nan)
    quantity = np.full(len(events), np.nan)
    names = [s.name for s in table]
    categories = list(dict.fromkeys(names))
    name_codes = np.full(len(events), -1, dtype=np.int64)
    for s in table:
        mine = ids == s.id
        price[mine] = to_value(events["price"][mine], s.tick_size)
        quantity[mine] = to_value(events["quantity"][mine], s.lot_size)
        name_codes[mine] = categories.index(s.name)
    return pd.DataFrame({
        "local_ts": pd.to_datetime(np.ascontiguousarray(events["local_ts"]), unit="ns", utc=True),
        "exch_ts": pd.to_datetime(np.ascontiguousarray(events["exch_ts"]), unit="ns", utc=True),
        "symbol": np.ascontiguousarray(ids),
        "symbol_name": pd.Categorical.from_codes(name_codes, categories=categories),
        "kind": _categorical(pd, events["kind"] - 1, KIND_NAMES),
        "side": _categorical(pd, events["side"], SIDE_NAMES),
        "flags": np.ascontiguousarray(events["flags"]),
        "price_ticks": np.ascontiguousarray(events["price"]),
        "quantity_lots": np.ascontiguousarray(events["quantity"]),
        "price": price,
        "quantity": quantity,
        "order_id": np.ascontiguousarray(events["order_id"]),
        "sequence": np.ascontiguousarray(events["sequence"]),
    })
