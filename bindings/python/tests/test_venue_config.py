"""A venue's configuration (docs/venue.md, "Config"): the defaults, the
model constructors, latency rows from tuples, arrays and CSV files, and the
configs every core refuses with InvalidConfigError, naming the rule."""
import math

import numpy as np
import pytest

from sigmax_exec import _errors as E
from sigmax_exec.market import Symbol
from sigmax_exec.venue import (LATENCY_ROW_DTYPE, FeeKind, FeeModel, FillModel, LatencyKind, LatencyModel,
                               QueueKind, QueueModel, SymbolConfig, VenueConfig, read_latency_csv, validate)
from venue_streams import CORE_BACKENDS, SYM, book, core_class, write_file

SYMBOLS = [Symbol(SYM, "AAA", "t", 1.0, 1.0, 1.0, False), Symbol(2, "BBB", "t", 0.5, 1.0, 10.0, True)]


@pytest.fixture(params=CORE_BACKENDS)
def core(request):
    return core_class(request.param)


def test_the_defaults_are_a_zeroed_c_config_with_its_documented_non_zero_fields():
    c = VenueConfig()
    assert (c.latency.kind, c.latency.entry_ns, c.latency.response_ns) == (LatencyKind.CONSTANT, 0, 0)
    assert (c.latency.entry_mul, c.latency.response_mul) == (1.0, 1.0)
    assert (c.local_latency_floor_ns, c.last_trades_capacity, dict(c.symbols)) == (0, 1024, {})
    d = c.defaults
    assert (d.queue.kind, d.queue.n, d.fill, d.fee.kind, d.fee.maker, d.fee.taker) == \
        (QueueKind.RISK_AVERSE, 2.0, FillModel.NO_PARTIAL, FeeKind.VALUE, 0.0, 0.0)


def test_overrides_by_id_or_name_apply_to_their_symbol_and_the_defaults_to_the_rest():
    fast = SymbolConfig(queue=QueueModel.log(), fill=FillModel.PARTIAL, fee=FeeModel.flat(0.1, 0.2))
    assert validate(VenueConfig(symbols={"BBB": fast}), SYMBOLS) == {SYM: SymbolConfig(), 2: fast}
    assert validate(VenueConfig(symbols={2: fast}), SYMBOLS) == {SYM: SymbolConfig(), 2: fast}


def test_latency_rows_come_from_tuples_an_array_or_a_csv_file_with_or_without_a_header(tmp_path):
    rows = [(0, 10, 30), (100, 105, 140)]
    arr = np.zeros(2, dtype=LATENCY_ROW_DTYPE)
    arr["req_ts"], arr["exch_ts"], arr["resp_ts"] = [0, 100], [10, 105], [30, 140]
    with_header = tmp_path / "a.csv"
    with_header.write_text("req_ts,exch_ts,resp_ts\n0,10,30\n\n100,105,140\n")
    bare = tmp_path / "b.csv"
    bare.write_text("0,10,30\n100,105,140\n")
    for source in (rows, arr, str(with_header), bare):
        m = LatencyModel.interpolated(source)
        assert (m.kind, m.rows) == (LatencyKind.INTERPOLATED, tuple(rows))
    assert m.rows_array().tobytes() == arr.tobytes()


def test_a_bad_csv_line_is_a_data_format_error_naming_the_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("0,10,30\n100,x,140\n")
    with pytest.raises(E.DataFormatError, match="bad.csv:2"):
        read_latency_csv(bad)
    with pytest.raises(E.DataIOError):
        read_latency_csv(tmp_path / "missing.csv")


BAD = [
    ("latency code", VenueConfig(latency=LatencyModel(7))),
    ("non-finite multiplier", VenueConfig(latency=LatencyModel.feed(entry_mul=math.inf))),
    ("no rows", VenueConfig(latency=LatencyModel.interpolated([]))),
    ("req_ts decreasing", VenueConfig(latency=LatencyModel.interpolated([(10, 20, 30), (5, 25, 35)]))),
    ("exch_ts decreasing", VenueConfig(latency=LatencyModel.interpolated([(10, 20, 30), (15, 19, 35)]))),
    ("capacity over 2^32", VenueConfig(last_trades_capacity=(1 << 32) + 1)),
    ("queue code", VenueConfig(defaults=SymbolConfig(queue=QueueModel(9)))),
    ("queue_power 0", VenueConfig(defaults=SymbolConfig(queue=QueueModel.power(0.0)))),
    ("queue_power NaN", VenueConfig(defaults=SymbolConfig(queue=QueueModel.power3(math.nan)))),
    ("fill code", VenueConfig(defaults=SymbolConfig(fill=5))),
    ("fee code", VenueConfig(defaults=SymbolConfig(fee=FeeModel(3)))),
    ("infinite fee", VenueConfig(defaults=SymbolConfig(fee=FeeModel.value(0.0, -math.inf)))),
    ("override of an unknown id", VenueConfig(symbols={9: SymbolConfig()})),
    ("override of an unknown name", VenueConfig(symbols={"ZZZ": SymbolConfig()})),
    ("two overrides of one symbol", VenueConfig(symbols={2: SymbolConfig(), "BBB": SymbolConfig()})),
    ("bad override", VenueConfig(symbols={2: SymbolConfig(queue=QueueModel.power(-1.0))})),
]


@pytest.mark.parametrize("cfg", [b[1] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_config_is_refused_with_invalid_config(core, tmp_path, cfg):
    f = write_file(tmp_path / "events.sgxev", book(0), SYMBOLS)
    with pytest.raises(E.InvalidConfigError) as info:
        core(f, cfg)
    assert info.value.status == E.ERR_INVALID_CONFIG


def test_negative_constant_latencies_are_a_valid_config(core, tmp_path):
    f = write_file(tmp_path / "events.sgxev", book(0), SYMBOLS)
    v = core(f, VenueConfig(latency=LatencyModel.constant(-5, -7)))
    assert v.current_timestamp() == 0
