"""market.convert(): recordings into event files on every backend (the
native converters through cffi and ctypes, the pure-Python ones), with the
C side's errors as Python exceptions and nothing left at the output when a
conversion fails. test_market_convert_differential.py compares the
backends rule by rule."""
import hashlib
import os

import pytest

import sigmax_exec as sx
import sigmax_exec.market as md

from conftest import loaded_backends
from md_feeds import backend_names

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "data", "binance-usdm",
                      "btcusdt_20240808.gz")


def name_of(backend):
    return backend.Engine.implementation


@pytest.fixture(scope="module")
def shared_conversions(tmp_path_factory):
    """The shared recording converted once per backend: {backend: (sha256 of the file, summary, path)}."""
    if not os.path.exists(SHARED):
        pytest.skip("shared/ is not beside the repository")
    out = {}
    for module in loaded_backends():
        name = name_of(module)
        path = tmp_path_factory.mktemp(name) / "btc.sgxmd"
        summary = md.convert(SHARED, path, "binance", backend=name)
        out[name] = (hashlib.sha256(path.read_bytes()).hexdigest(), summary, path)
    return out


def test_the_shared_recording_converts_into_an_event_file_with_every_kind_counted(backend, shared_conversions):
    _, summary, path = shared_conversions[name_of(backend)]
    assert summary.events == 598755
    assert summary.events_by_kind["TRADE"] == 21313
    assert summary.events_by_kind["BBO"] == 2 * 66089
    assert summary.gaps == 0
    assert summary.skipped == 4
    with md.EventFile(path) as f:
        assert len(f.events) == summary.events
        assert f.symbols[0].name == "BTCUSDT"
        f.verify()


def test_the_shared_recording_gives_the_same_bytes_and_summary_on_every_backend(shared_conversions):
    if len(shared_conversions) < 2:
        pytest.skip("needs a native backend to compare with")
    reference = shared_conversions.get("cffi") or next(iter(shared_conversions.values()))
    for name, (digest, summary, _) in shared_conversions.items():
        assert digest == reference[0], f"{name}: the event file differs"
        assert summary == reference[1], f"{name}: the summary differs"


def test_a_malformed_recording_raises_a_format_error_naming_file_and_line_and_writes_nothing(backend, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a recording\n")
    out = tmp_path / "bad.sgxmd"
    with pytest.raises(sx.DataFormatError) as info:
        md.convert(bad, out, backend=name_of(backend))
    assert f"{bad}:1:" in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]  # no output, no temporary file


def test_a_missing_recording_raises_an_io_error(backend, tmp_path):
    with pytest.raises(sx.DataIOError):
        md.convert(tmp_path / "absent.gz", tmp_path / "out.sgxmd", backend=name_of(backend))


def test_an_unknown_format_or_a_long_venue_is_an_invalid_config(backend, tmp_path):
    with pytest.raises(sx.InvalidConfigError):
        md.convert(tmp_path / "x", tmp_path / "out.sgxmd", "bloomberg", backend=name_of(backend))
    with pytest.raises(sx.InvalidConfigError):
        md.convert(tmp_path / "x", tmp_path / "out.sgxmd", venue="a venue name longer than fifteen",
                   backend=name_of(backend))


def test_without_a_backend_argument_convert_uses_the_backend_the_import_selected(tmp_path, monkeypatch):
    rec = tmp_path / "rec.txt"
    rec.write_text('1723161256000000000 {"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":7,"p":"1.5","q":"2"}\n')
    monkeypatch.setattr(sx, "BACKEND", "python")
    calls = []
    import sigmax_exec.market._pure_convert as pure
    real = pure.convert
    monkeypatch.setattr(pure, "convert", lambda *a: calls.append(a) or real(*a))
    assert md.convert(rec, tmp_path / "out.sgxmd").events == 1
    assert len(calls) == 1


# ---- refusals before any input is read ----

@pytest.mark.parametrize("fmt,inputs,options,cls", [
    pytest.param("bloomberg", ["a"], {}, sx.InvalidConfigError, id="an unknown format is an invalid config"),
    pytest.param("binance", [], {}, sx.InvalidConfigError, id="no input file is an invalid config"),
    pytest.param("dbn", ["a", "b"], {}, sx.InvalidConfigError, id="dbn converts one file at a time"),
    pytest.param("tardis", ["a"], {"output": "no/such/dir/out.sgxmd"}, sx.DataIOError,
                 id="an output directory that does not exist is an I/O error"),
])
def test_a_refused_call_raises_the_same_exception_on_every_backend(tmp_path, fmt, inputs, options, cls):
    for backend in backend_names():
        out = tmp_path / options.get("output", "out.sgxmd")
        with pytest.raises(cls):
            md.convert([str(tmp_path / i) for i in inputs], out, fmt, backend=backend)
        assert not out.exists()


def test_a_failed_conversion_leaves_an_older_file_at_the_output_as_it_was(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not a recording\n")
    for backend in backend_names():
        out = tmp_path / f"{backend}.sgxmd"
        out.write_bytes(b"older")
        with pytest.raises(sx.DataFormatError):
            md.convert(bad, out, backend=backend)
        assert out.read_bytes() == b"older"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bad.txt"] + [f"{b}.sgxmd" for b in backend_names()])
