"""BinanceLineDecoder (sigmax_exec.market): a live connector's decoder gives,
line by line, exactly the events the whole-file converter writes."""
import gzip

import numpy as np
import pytest

import sigmax_exec as sx
from sigmax_exec.market import BinanceLineDecoder, EventFile, Symbol
from conftest import shared_recording


def test_decoding_the_shared_recording_line_by_line_gives_the_converted_events(shared_event_file):
    """Rule: same depth sync, trades, tickers and local-time rules as convert(..., "binance") with the same grid."""
    with EventFile(shared_event_file) as f:
        decoder = BinanceLineDecoder(f.symbols[0])
        out = []
        with gzip.open(shared_recording(), "rb") as lines:
            for _, line in zip(range(3000), lines):
                out.append(decoder.decode(line))
        got = np.concatenate(out)
        assert decoder.lines == 3000 and len(got) > 3000
        assert np.array_equal(got, f.events[:len(got)])


def test_a_malformed_line_is_a_data_format_error_naming_its_line():
    decoder = BinanceLineDecoder(Symbol(0, "BTCUSDT", "binance-usdm", 0.1, 0.001))
    assert len(decoder.decode(b"")) == 0
    with pytest.raises(sx.DataFormatError) as info:
        decoder.decode(b"12345 {not json")
    assert ":2:" in str(info.value)
