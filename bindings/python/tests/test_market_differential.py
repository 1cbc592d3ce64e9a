"""The pure-Python books give the native books' answers: seeded random
streams (every rule, good and bad events, several symbols) applied in
batches to every backend's L2 and L3 books, compared after every batch; and
the real Binance recording, converted, replayed through pure and native
books alike."""
import os
import random
from pathlib import Path

import pytest

import sigmax_exec.market as md

from conftest import loaded_backends
from md_streams import random_l2, random_l3

LONG = os.environ.get("SIGMAX_LONG_TESTS") == "1"
REAL_FILE_ENV = "SIGMAX_EXEC_MD_FILE"
SHARED_BINANCE = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "binance-usdm" / "btcusdt_20240808.gz"


def all_books(level_index):
    names = [b.Engine.implementation for b in loaded_backends()]
    if len(names) < 2:
        pytest.skip("needs a native backend to compare with")
    return {n: md.books_for(n)[level_index]() for n in names}


def state(book, symbol_ids, probe_prices, probe_ids):
    """Everything a book answers about these symbols."""
    out = {"checks": book.checks()}
    for s in symbol_ids:
        out[("best", s)] = book.best(s)
        out[("depth", s)] = book.depth(s, 10**9)
        out[("at", s)] = [book.quantity_at(s, side, p) for side in (0, 1) for p in probe_prices]
        if hasattr(book, "queue_ahead"):
            out[("queue", s)] = [book.queue_ahead(s, oid) for oid in probe_ids]
    return out


def compare(books, symbol_ids, probe_prices, probe_ids, where):
    states = {n: state(b, symbol_ids, probe_prices, probe_ids) for n, b in books.items()}
    reference = states.pop("cffi" if "cffi" in states else next(iter(states)))
    for name, s in states.items():
        for key in reference:
            assert s[key] == reference[key], f"{name} differs on {key} {where}"


def batches(rng, n):
    start = 0
    while start < n:
        size = rng.choice((1, 2, 7, 50, 333, 2000))
        yield start, min(n, start + size)
        start += size


STREAMS = {
    # level: (stream, prices probed by quantity_at, whether order ids are probed)
    "L2": (random_l2, None, False),
    "L3": (random_l3, list(range(60, 141, 3)), True),
}


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("level", ["L2", "L3"])
def test_random_streams_give_the_same_books_and_queues_on_every_backend(level, seed):
    n = 500_000 if LONG else 50_000
    make, prices, probe_ids = STREAMS[level]
    evs = make(seed, n, n_symbols=3)
    books = all_books(0 if level == "L2" else 1)
    rng = random.Random(seed)
    if prices is None:
        prices = sorted({int(p) for p in evs["price"][:: max(1, n // 40)]})
    ids = sorted({int(i) for i in evs["order_id"][:: max(1, n // 60)]}) + [1, 2, 1 << 63] if probe_ids else []
    for a, b in batches(rng, n):
        for book in books.values():
            book.apply(evs[a:b])
        if rng.random() < 0.3 or b == n:
            compare(books, range(4), prices, ids, f"after event {b} ({level}, seed {seed})")


# ---- the real recording ---------------------------------------------------------

@pytest.fixture(scope="module")
def real_event_file(tmp_path_factory):
    """An event file of real data: $SIGMAX_EXEC_MD_FILE, else the shared
    Binance recording converted by sigmax_exec.market.convert (when this
    package has it), else a skip saying which is missing."""
    given = os.environ.get(REAL_FILE_ENV)
    if given:
        return Path(given)
    convert = getattr(md, "convert", None)
    if convert is None:
        pytest.skip(f"no real event file: set {REAL_FILE_ENV}, or add sigmax_exec.market.convert "
                    "(the Binance converter) to convert the shared recording")
    if not SHARED_BINANCE.exists():
        pytest.skip(f"the shared Binance recording is absent ({SHARED_BINANCE})")
    out = tmp_path_factory.mktemp("real") / "btcusdt_20240808.sgxmd"
    convert_fn = getattr(convert, "convert", convert)
    convert_fn(str(SHARED_BINANCE), str(out))
    return out


def test_the_real_recording_replays_to_the_same_l2_books_in_pure_python_and_natively(real_event_file):
    books = all_books(0)
    with md.EventFile(real_event_file) as f:
        f.verify()
        ids = [s.id for s in f.symbols]
        evs = f.events
        step = 100_000
        for a in range(0, len(evs), step):
            for book in books.values():
                book.apply(evs[a:a + step])
            for name, book in books.items():
                for s in ids:
                    assert book.best(s) == books["python"].best(s), f"{name} best after {a + step}"
        compare(books, ids, [], [], "at the end of the file")
        frame = f.to_pandas(0, 1000)
        assert len(frame) == min(1000, len(evs))
