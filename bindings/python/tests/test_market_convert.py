"""market.convert(): recordings into event files through the native
converters, with the C side's errors as Python exceptions and nothing left
at the output when a conversion fails."""
import os

import pytest

import sigmax_exec as sx
import sigmax_exec.market as md

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "data", "binance-usdm",
                      "btcusdt_20240808.gz")


@pytest.fixture(autouse=True)
def native_only():
    try:
        md._convert._native()
    except ImportError as exc:
        pytest.skip(f"conversion needs the native library: {exc}")


@pytest.mark.skipif(not os.path.exists(SHARED), reason="shared/ is not beside the repository")
def test_the_shared_recording_converts_into_an_event_file_with_every_kind_counted(tmp_path):
    out = tmp_path / "btc.sgxmd"
    summary = md.convert(SHARED, out, "binance")
    assert summary.events == 598755
    assert summary.events_by_kind["TRADE"] == 21313
    assert summary.events_by_kind["BBO"] == 2 * 66089
    assert summary.gaps == 0
    with md.EventFile(out) as f:
        assert len(f.events) == summary.events
        assert f.symbols[0].name == "BTCUSDT"
        f.verify()


def test_a_malformed_recording_raises_a_format_error_naming_file_and_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a recording\n")
    out = tmp_path / "bad.sgxmd"
    with pytest.raises(sx.DataFormatError) as info:
        md.convert(bad, out)
    assert f"{bad}:1:" in str(info.value)
    assert not out.exists()


def test_a_missing_recording_raises_an_io_error(tmp_path):
    with pytest.raises(sx.DataIOError):
        md.convert(tmp_path / "absent.gz", tmp_path / "out.sgxmd")


def test_an_unknown_format_or_a_long_venue_is_an_invalid_config(tmp_path):
    with pytest.raises(sx.InvalidConfigError):
        md.convert(tmp_path / "x", tmp_path / "out.sgxmd", "bloomberg")
    with pytest.raises(sx.InvalidConfigError):
        md.convert(tmp_path / "x", tmp_path / "out.sgxmd", venue="a venue name longer than fifteen")
