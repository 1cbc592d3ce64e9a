"""The feed converters in pure Python: what market.convert() runs on the
pure-Python backend. Each mirrors its C++ converter rule for rule (the C++
source is the specification): the same event file byte for byte, the same
summary, and for bad input the same exception class naming the same file
and line or offset.

- _binance.py (+ _binance_message.py, _ondemand.py, _binance_sync.py):
  Binance raw-stream recordings (src/market/binance*.cpp);
- _tardis.py (+ _tardis_csv.py): Tardis.dev CSV (src/market/tardis*.cpp);
- _dbn.py (+ _dbn_metadata.py): Databento DBN MBO (src/market/dbn*.cpp);
- _decimal.py, _streams.py, _common.py: exact decimals, the decompressing
  readers, and the options, summary, errors and event sink they share.

convert() is md::convert_to_file(): the format and input count checked,
the output written atomically by the Python EventFileWriter.
"""
from __future__ import annotations

from typing import Any, Dict, List

from ... import _errors as E
from .._writer import EventFileWriter
from ._common import ConvertFailure, EventSink, Options, Summary

__all__ = ["convert", "Options", "FORMATS"]

FORMATS = ("binance", "tardis", "dbn")


def convert(format: str, inputs: List[str], output: str, options: Options) -> Dict[str, Any]:
    """Converts `inputs` of `format` into the event file `output`, atomically:
    it appears only when everything converted, and nothing (no temporary
    file either) is left otherwise. Returns the summary's values (the
    fields of sgx_md_convert_summary); raises DataFormatError, DataIOError
    or InvalidConfigError naming the file, the line or offset and the rule."""
    if format not in FORMATS:
        raise E.error_for(E.ERR_INVALID_CONFIG, f"unknown format '{format}': binance, tardis or dbn")
    if not inputs or (format == "dbn" and len(inputs) != 1):
        raise E.error_for(E.ERR_INVALID_CONFIG,
                          "dbn converts one file at a time" if format == "dbn" else "no input file")
    writer = EventFileWriter(output)  # DataIOError if its temporary file cannot be made
    try:
        summary = Summary()
        sink = EventSink(writer)
        try:
            if format == "binance":
                from ._binance import convert_binance
                convert_binance(inputs, sink, options, summary)
            elif format == "tardis":
                from ._tardis import convert_tardis
                convert_tardis(inputs, sink, options, summary)
            else:
                from ._dbn import convert_dbn
                convert_dbn(inputs[0], sink, options, summary)
        except ConvertFailure as failure:
            raise E.error_for(failure.status, failure.message()) from None
        sink.flush()
        writer.finish()
    finally:
        writer.abandon()  # no-op once finished
    return {"input_records": summary.input_records, "events": summary.events, "gaps": summary.gaps,
            "skipped": summary.skipped, "warnings": len(summary.warnings), "first_local_ts": summary.first_local_ts,
            "last_local_ts": summary.last_local_ts, "first_exch_ts": summary.first_exch_ts,
            "last_exch_ts": summary.last_exch_ts, "events_by_kind": list(summary.events_by_kind)}
