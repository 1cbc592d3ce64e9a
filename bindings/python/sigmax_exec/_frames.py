"""Results as pandas DataFrames (pandas is optional: imported only here).

``to_pandas`` takes what the engine returns and gives one row per record:

- a REPORT_DTYPE array (``execute_batch(..., as_array=True)``) or a list of
  ``Execution``: the report's columns under the Execution attribute names
  (order_id, latency_ns, executed_price, executed_quantity,
  remaining_quantity, slippage, symbol_id, fill_count), with ``status`` and
  ``side`` as categoricals of the enum names;
- a list of ``Fill`` (``drain_fills()``): its fields, ``aggressor_side`` a
  categorical;
- a list of ``OrderInfo``: its fields, ``side`` and ``status`` categoricals;
- an ORDER_DTYPE array: symbol, side, type, tif (categoricals), price,
  quantity.

Padding (``reserved``) and ``struct_size`` are not columns. Columns are
copies; the input is not changed. ``pd.DataFrame(array)`` itself refuses a
structured array with a sub-array field such as ``reserved``; this is the
supported way.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from ._abi import ORDER, REPORT
from ._types import EXECUTION_FIELDS, Execution, Fill, OrderInfo, OrderStatus, OrderType, Side, TimeInForce

_ENUM_NAMES = {"status": [s.name for s in OrderStatus], "side": [s.name for s in Side],
               "aggressor_side": [s.name for s in Side], "type": [t.name for t in OrderType],
               "tif": [t.name for t in TimeInForce]}
# REPORT's C field names -> Execution's attribute names.
_REPORT_COLUMNS = dict(zip(REPORT.packed, EXECUTION_FIELDS))


def _pandas() -> Any:
    try:
        import pandas as pd  # type: ignore[import]
    except ImportError as exc:
        raise ImportError("to_pandas needs pandas (Debian: python3-pandas; pip install pandas)") from exc
    return pd


def _categorical(pd: Any, codes: Any, names: List[str]) -> Any:
    """A categorical from integer codes indexing `names` (other codes become NaN)."""
    import numpy as np
    codes = np.asarray(codes, dtype=np.int64)
    codes = np.where((codes >= 0) & (codes < len(names)), codes, -1)
    return pd.Categorical.from_codes(codes, categories=names)


def _array_frame(pd: Any, array: Any, columns: Dict[str, str]) -> Any:
    """Columns of a structured array, renamed; enum codes become categoricals."""
    import numpy as np
    data = {}
    for field, column in columns.items():
        values = np.ascontiguousarray(array[field])
        base = column.removesuffix("_code")
        if base in _ENUM_NAMES:
            data[base] = _categorical(pd, values, _ENUM_NAMES[base])
        else:
            data[column] = values
    return pd.DataFrame(data)


def _tuples_frame(pd: Any, rows: Sequence[Tuple[Any, ...]], fields: Sequence[str]) -> Any:
    """Columns of NamedTuple-like rows; enum fields become categoricals of their names."""
    data: Dict[str, Any] = {}
    for i, name in enumerate(fields):
        column = [row[i] for row in rows]
        base = name.removesuffix("_code")
        if base in _ENUM_NAMES:
            data[base] = _categorical(pd, [int(v) for v in column], _ENUM_NAMES[base])
        else:
            data[name] = column
    return pd.DataFrame(data)


def to_pandas(records: Any) -> Any:
    """A DataFrame of reports, fills, order infos or orders (see the module
    docstring). TypeError for anything else; ImportError without pandas."""
    pd = _pandas()
    dtype = getattr(records, "dtype", None)
    if dtype is not None and dtype.names:
        names = set(dtype.names)
        if names == set(REPORT.names):
            return _array_frame(pd, records, _REPORT_COLUMNS)
        if names == set(ORDER.names):
            return _array_frame(pd, records, {n: n for n in ORDER.value_names})
        raise TypeError("to_pandas takes REPORT_DTYPE or ORDER_DTYPE arrays")
    rows = list(records)
    if not rows:
        return pd.DataFrame()
    kinds = {type(r) for r in rows}
    if len(kinds) != 1:
        raise TypeError("to_pandas takes records of one kind")
    kind = kinds.pop()
    if kind is Execution:
        return _tuples_frame(pd, rows, EXECUTION_FIELDS)
    if kind in (Fill, OrderInfo):
        return _tuples_frame(pd, rows, kind._fields)
    raise TypeError(f"to_pandas takes Execution, Fill or OrderInfo records, not {kind.__name__}")
