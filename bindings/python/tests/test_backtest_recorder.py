"""backtest.Recorder: the interval rule, the columns read from the venue's
state (on every backend), growth by doubling, the recording CSV (exact round
trip: 17 significant digits, nan) and the pandas view."""
import math

import numpy as np
import pytest

from sigmax_exec.backtest import COLUMNS, CSV_HEADER, INT_COLUMNS, Recorder
from sigmax_exec.market import Symbol
from sigmax_exec.venue import IOC, Venue
from venue_streams import BUY, CORE_BACKENDS, SELL, config, core_class, level, trade, write_file

BTC = Symbol(1, "BTCUSDT", "test", 0.1, 0.001, 1.0, False)


@pytest.fixture(params=CORE_BACKENDS)
def backend(request):
    core_class(request.param)  # skips (or fails, if required) a backend that cannot load
    return request.param


def market(tmp_path):
    """BTC: bid 100.0 x 5 lots, ask 100.1 x 4 from t=0; a trade and level changes until t=1000."""
    items = [level(0, BUY, 1000, 5), level(0, SELL, 1001, 4), trade(300, SELL, 1000, 1),
             level(500, BUY, 999, 7), level(1000, SELL, 1002, 3)]
    return write_file(tmp_path / "m.sgxev", items, [BTC])


def test_record_samples_at_the_first_call_then_once_the_interval_since_the_last_sample_has_elapsed(backend, tmp_path):
    with Venue(market(tmp_path), config(entry=10, response=10), backend=backend) as v:
        rec = Recorder(v, "BTCUSDT", interval_ns=100)
        taken = [rec.record(v)]
        for step in (50, 50, 30, 90, 99, 1):   # t = 50 100 130 220 319 320
            v.elapse(step)
            taken.append(rec.record(v))
        assert taken == [True, False, True, False, True, False, True]
        assert rec.arrays()["timestamp"].tolist() == [0, 100, 220, 320], "measured from the last sample, not a grid"
        rec.sample(v)
        assert len(rec) == 5 and rec.last_ts == 320, "sample() samples whatever the interval"


def test_a_sample_holds_the_symbols_state_with_position_and_volume_in_units(backend, tmp_path):
    with Venue(market(tmp_path), config(entry=10, response=10), backend=backend) as v:
        v.elapse(1)
        v.submit(1, 7, BUY, 1001, 2, tif=IOC)            # takes 2 lots at 100.1, answered at 21
        v.submit(1, 8, SELL, 1010, 3)                    # rests unfilled
        v.elapse(100)
        rec = Recorder(v, 1)
        rec.sample(v)
        s = v.state(1)
        row = {k: a[0] for k, a in rec.arrays().items()}
        assert row["timestamp"] == 101
        assert (row["position"], row["volume"]) == (0.002, 0.002)     # 2 lots of 0.001
        assert (row["trades"], row["maker_fills"], row["taker_fills"]) == (1, 0, 1)
        assert (row["orders_submitted"], row["orders_filled"]) == (2, 1)
        assert (row["mid"], row["balance"], row["fee"], row["equity"], row["realized_pnl"], row["trading_value"]) == (
            s.mid, s.balance, s.fee, s.equity, s.realized_pnl, s.trading_value)
        assert row["mid"] == pytest.approx(100.05) and row["balance"] == pytest.approx(-0.2002)
        assert all(rec.arrays()[c].dtype == (np.int64 if c in INT_COLUMNS else np.float64) for c in COLUMNS)


def test_columns_grow_by_doubling_and_keep_every_sample(backend, tmp_path):
    with Venue(market(tmp_path), config(), backend=backend) as v:
        rec = Recorder(v, 1, interval_ns=1)
        capacities, times = set(), []
        for _ in range(2100):
            rec.sample(v)
            capacities.add(rec.capacity)
            times.append(v.current_timestamp)
            v.elapse(1)
        assert capacities == {1024, 2048, 4096}
        assert rec.arrays()["timestamp"].tolist() == times


def test_a_loaded_recording_cannot_sample_and_the_interval_must_be_positive(backend, tmp_path):
    with Venue(market(tmp_path), config(), backend=backend) as v:
        for bad in (0, -5, 1.5, True):
            with pytest.raises(ValueError, match="interval_ns"):
                Recorder(v, 1, interval_ns=bad)
        loaded = Recorder.from_arrays({c: [] for c in COLUMNS})
        with pytest.raises(ValueError, match="no venue symbol"):
            loaded.sample(v)


def tricky_recording():
    """Values that need all 17 digits, signed zero, subnormals, huge ints and NaN mids."""
    n = 6
    cols = {c: np.zeros(n, np.int64 if c in INT_COLUMNS else np.float64) for c in COLUMNS}
    cols["timestamp"][:] = [1_723_161_255_123_456_789 + i * 100_000_000 for i in range(n)]
    cols["mid"][:] = [61234.05, math.nan, 0.1 + 0.2, 1 / 3, 5e-324, -0.0]
    cols["balance"][:] = [-0.1 * 3, 1e300, -2.5e-310, 123456789.12345679, 2.0 ** 60, -1.0]
    cols["equity"][:] = [math.nan, 1e-17, -7.000000000000001, 0.30000000000000004, 9007199254740993.0, 2.5]
    cols["trades"][:] = [0, 1, 2 ** 62, 3, 4, 2 ** 63 - 1]
    cols["orders_filled"][:] = [-(2 ** 63), 0, 1, 2, 3, 4]
    return Recorder.from_arrays(cols, interval_ns=100_000_000)


def test_the_csv_round_trip_is_exact_with_17_significant_digits_and_nan(tmp_path):
    rec = tricky_recording()
    rec.save_csv(tmp_path / "r.csv")
    back = Recorder.load_csv(tmp_path / "r.csv")
    a, b = rec.arrays(), back.arrays()
    assert list(b) == list(COLUMNS)
    for c in COLUMNS:
        assert a[c].dtype == b[c].dtype
        assert np.array_equal(a[c], b[c], equal_nan=c not in INT_COLUMNS), c
        assert np.array_equal(np.signbit(a[c]), np.signbit(b[c])), c
    lines = (tmp_path / "r.csv").read_text().splitlines()
    assert lines[0] == CSV_HEADER == ",".join(COLUMNS) and len(lines) == 7
    first = dict(zip(COLUMNS, lines[1].split(",")))
    assert first["timestamp"] == "1723161255123456789" and first["mid"] == "61234.050000000003"
    assert first["balance"] == "-0.30000000000000004" and first["equity"] == "nan" and first["trades"] == "0"
    assert first["orders_filled"] == "-9223372036854775808"


def test_an_empty_recording_round_trips_as_the_header_alone(tmp_path):
    Recorder.from_arrays({c: [] for c in COLUMNS}).save_csv(tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_text() == CSV_HEADER + "\n"
    assert len(Recorder.load_csv(tmp_path / "e.csv")) == 0


@pytest.mark.parametrize("text, where", [
    ("timestamp,mid\n1,2\n", "r.csv:1"),
    (CSV_HEADER + "\n1,2,3\n", "r.csv:2: 3 fields"),
    (CSV_HEADER + "\n" + ",".join(["1"] * 14) + "\n1.5" + ",1" * 13 + "\n", "r.csv:3: timestamp '1.5'"),
    (CSV_HEADER + "\n1,x" + ",1" * 12 + "\n", "r.csv:2: mid 'x'"),
])
def test_a_malformed_csv_is_a_value_error_naming_the_file_and_line(tmp_path, text, where):
    (tmp_path / "r.csv").write_text(text)
    with pytest.raises(ValueError, match=where):
        Recorder.load_csv(tmp_path / "r.csv")


def test_load_csv_takes_the_interval_the_recording_was_made_at():
    assert Recorder.from_arrays({c: [] for c in COLUMNS}, interval_ns=5).interval_ns == 5


def test_to_pandas_is_indexed_by_the_samples_local_time_in_utc():
    rec = tricky_recording()
    df = rec.to_pandas()
    assert str(df.index.tz) == "UTC" and df.index.name == "timestamp"
    assert df.index.asi8.tolist() == rec.arrays()["timestamp"].tolist()
    assert str(df.index[0]) == "2024-08-08 23:54:15.123456789+00:00"
    assert list(df.columns) == list(COLUMNS[1:])
    assert df["trades"].dtype == np.int64 and df["trades"].iloc[2] == 2 ** 62
