"""The integer order entry gives the same results natively and in pure
Python: every call's events or exception, the books and the statistics
(latency aside), on long random streams that mix every call of both APIs,
several symbols, owners and self-trade prevention modes, and on calls made
from the real Binance recording."""
import os
import random
from pathlib import Path

import pytest

from conftest import loaded_backends
from entry_streams import book_state, configure, random_calls, run_call, stats_state

LONG = os.environ.get("SIGMAX_LONG_TESTS") == "1"
SHARED_BINANCE = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz"


def engines():
    backends = loaded_backends()
    if len(backends) < 2:
        pytest.skip("needs a native backend to compare with")
    return {b.Engine.implementation: b.Engine() for b in backends}


def run_everywhere(calls, configure_engine, check_every=97):
    """Runs the calls on every backend, comparing each call's outcome, and
    the books and statistics every `check_every` calls and at the end."""
    es = engines()
    for e in es.values():
        configure_engine(e)
    rngs = {n: random.Random(5) for n in es}
    double_ids = {n: [] for n in es}
    outcomes = []
    for i, call in enumerate(calls):
        got = {n: run_call(e, call, double_ids[n], rngs[n]) for n, e in es.items()}
        ref = got.pop("python")
        for name, g in got.items():
            assert g == ref, f"call #{i} {call}: {name} gave {g}, python {ref}"
        outcomes.append(ref)
        if i % check_every == 0 or i == len(calls) - 1:
            ref_state = (book_state(es["python"]), stats_state(es["python"]))
            for name, e in es.items():
                assert (book_state(e), stats_state(e)) == ref_state, f"{name} after call #{i}"
            for e in es.values():
                e.drain_fills()
    for e in es.values():
        e.close()
    return outcomes


def kinds_of(outcomes):
    seen = set()
    for o in outcomes:
        if o[0] == "error":
            seen.add(o[1])
        elif isinstance(o[1], list):
            seen.update((ev.kind.name, ev.reason.name) for ev in o[1])
    return seen


@pytest.mark.parametrize("seed", [1, 2])
def test_random_streams_of_both_apis_give_the_same_events_books_and_stats(seed):
    n = 200_000 if LONG else 20_000
    outcomes = run_everywhere(random_calls(seed, n), configure)
    seen = kinds_of(outcomes)
    # The stream must keep exercising every rule it is meant to compare.
    rules = [("TRADE", "NONE"), ("CANCELLED", "USER"), ("CANCELLED", "IOC_REMAINDER"), ("CANCELLED", "FOK_UNFILLED"),
             ("REPLACED", "NONE"), "DuplicateOrderIdError", "OrderNotFoundError", "InvalidOrderIdError",
             "InvalidOrderError", ("CANCELLED", "POST_ONLY_WOULD_TRADE"), ("CANCELLED", "SELF_TRADE"),
             "InvalidStpError", "InvalidOwnerError", "WouldTradeError"]
    for rule in rules:
        assert rule in seen, rule


# ---- the real recording ---------------------------------------------------------

@pytest.fixture(scope="module")
def binance_events(tmp_path_factory):
    import sigmax_exec.market as md
    if not SHARED_BINANCE.exists():
        pytest.skip(f"the shared Binance recording is absent ({SHARED_BINANCE})")
    # The recording's first lines (the snapshot is among them), converted.
    import gzip
    import itertools
    tmp = tmp_path_factory.mktemp("real")
    part, out = tmp / "btcusdt_20240808_part.gz", tmp / "btcusdt_20240808.sgxmd"
    with gzip.open(SHARED_BINANCE, "rb") as src, gzip.open(part, "wb", compresslevel=1) as dst:
        dst.writelines(itertools.islice(src, None if LONG else 6_000))
    md.convert(str(part), str(out))
    with md.EventFile(out) as f:
        evs = f.events
        keep = evs[(evs["kind"] == md.Kind.LEVEL) | (evs["kind"] == md.Kind.TRADE)]
        return keep[: 120_000 if LONG else 12_000].copy()


def calls_from_recording(evs):
    """Integer calls from recorded events: a depth level becomes the order
    resting at that price (new_order when none rests, replace to its new
    lots, cancel when the level empties); a trade becomes an IOC order of
    the aggressor's side at the trade's price. Owners and stp modes cycle
    (owners 1-3), so market makers meet their own takers."""
    import sigmax_exec.market as md
    resting = set()
    calls = []
    for n, (kind, side, price, lots, sym) in enumerate(zip(evs["kind"].tolist(), evs["side"].tolist(),
                                                         evs["price"].tolist(), evs["quantity"].tolist(),
                                                         evs["symbol"].tolist())):
        owner = {"owner": 1 + price % 3, "stp": n % 6}
        if kind == md.Kind.LEVEL:
            oid = (price << 1 | side) + 1
            if lots == 0:
                if oid in resting:
                    calls.append(("cancel", (oid,), {}))
                    resting.discard(oid)
            elif oid in resting:
                calls.append(("replace", (oid, price, lots), {}))
            else:
                calls.append(("new_order", (oid, sym, side, price, lots), owner))
                resting.add(oid)
        elif side in (0, 1):
            calls.append(("new_order", ((1 << 40) + n, sym, side, price, max(lots, 1)), dict(owner, tif=1)))
    return calls


def test_the_real_recording_as_integer_calls_gives_the_same_events_natively_and_in_pure_python(binance_events):
    calls = calls_from_recording(binance_events)
    outcomes = run_everywhere(calls, lambda e: None, check_every=499)
    seen = kinds_of(outcomes)
    assert ("TRADE", "NONE") in seen and ("CANCELLED", "USER") in seen and ("REPLACED", "NONE") in seen


def random_requests(seed, n):
    """A REQUEST_DTYPE array of n random requests: every op, cancels of all
    kinds back to back (whose events only the ends tell apart), owners and
    modes, ids from a small pool (duplicates and unknown ids), bad codes."""
    import sigmax_exec as sx
    rng = random.Random(seed)
    req = sx.make_requests(n)
    op = sx.RequestOp
    ops = [op.NEW] * 6 + [op.CANCEL] * 3 + [op.REPLACE] * 2 + [op.CANCEL_ALL, op.CANCEL_OWNER]
    for i in range(n):
        r = req[i]
        r["op"] = rng.choice(ops)
        r["order_id"] = rng.randrange(0, 60)
        r["symbol"] = rng.choice((1, 2))
        r["side"] = rng.choice((0, 1, 0, 1, 2))
        r["type"] = 1 if rng.random() < 0.05 else 0
        r["tif"] = rng.choice((0, 0, 0, 1, 2, 3))
        r["price"] = 100 + rng.randrange(-4, 5)
        r["lots"] = rng.randrange(0, 9)
        r["owner"] = rng.randrange(0, 4)
        r["stp"] = rng.randrange(0, 7)
    return req


@pytest.mark.parametrize("seed, room", [(1, None), (2, None), (3, 3)])
def test_apply_gives_every_backend_the_same_events_ends_and_statuses_as_the_single_calls(seed, room):
    """Rule: apply(requests) is the single calls made one by one, on every
    backend: the same events (byte for byte), where each request's end,
    and the status each refused one would have raised. With room 3, the
    native engines' event buffer starts at 3 events: their C batches stop
    when it is full and resume, and grow it for a request that needs more."""
    import numpy as np
    import sigmax_exec as sx
    req = random_requests(seed, 3000)
    es = engines()
    if room is not None:
        for e in es.values():
            if e.implementation != "python":
                e._apply_room = room
    got = {name: e.apply(req) for name, e in es.items()}
    # The reference: the pure engine's single calls.
    single = [b for b in loaded_backends() if b.Engine.implementation == "python"][0].Engine()
    op = sx.RequestOp
    events, ends, statuses = [], [], []
    for r in req.tolist():
        row = dict(zip(req.dtype.names, r))
        try:
            if row["op"] == op.NEW:
                evs = single.new_order(row["order_id"], row["symbol"], row["side"], row["price"], row["lots"],
                                       order_type=row["type"], tif=row["tif"], owner=row["owner"], stp=row["stp"])
            elif row["op"] == op.CANCEL:
                evs = single.cancel(row["order_id"])
            elif row["op"] == op.REPLACE:
                evs = single.replace(row["order_id"], row["price"], row["lots"])
            elif row["op"] == op.CANCEL_ALL:
                evs = single.cancel_all(row["symbol"])
            else:
                evs = single.cancel_owner(row["owner"])
            statuses.append(0)
        except sx.SigmaxError as exc:
            evs = []
            statuses.append(exc.status)
        events.extend(evs)
        ends.append(len(events))
    want = sx.events_to_array(events)
    for name, out in got.items():
        assert out.statuses.tolist() == statuses, name
        assert out.ends.tolist() == ends, name
        assert out.events.tobytes() == want.tobytes(), name
    # The stream reached refusals, self-trade cancels and mass cancels.
    reasons = set(zip(want["kind"].tolist(), want["reason"].tolist()))
    assert (int(sx.EventKind.CANCELLED), int(sx.CancelReason.SELF_TRADE)) in reasons
    assert len(set(statuses)) >= 4 and np.count_nonzero(np.diff(np.asarray(ends)) > 1) > 100
    single.close()
    for e in es.values():
        e.close()
