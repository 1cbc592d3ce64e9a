"""Properties of the simulated venue on seeded random streams with a random
strategy (every core that loads): a buy never fills above its limit nor a sell
below; position = the sum of signed fills; balance and fees reconcile with
the fill log; equity = balance + value(mid) - fee = realized + unrealized -
fee; leaves never negative and executed = the sum of the order's fills.
Linear and inverse contracts, both fill models, every queue and latency model."""
import math
import random

import pytest

from sigmax_exec import _errors as E
from sigmax_exec.market import Symbol
from sigmax_exec.venue import (FeeModel, FillModel, LatencyModel, QueueModel, Step, SymbolConfig, VenueConfig,
                               VenueOrderStatus as S)
from venue_streams import BUY, CORE_BACKENDS, LIMIT, MARKET, core_class, random_stream, write_file

SYMBOLS = [Symbol(1, "LIN", "t", 0.5, 0.01, 1.0, False), Symbol(2, "INV", "t", 0.5, 1.0, 100.0, True)]
QUEUES = [QueueModel.risk_averse(), QueueModel.power(2.0), QueueModel.power2(3.0), QueueModel.power3(1.5),
          QueueModel.log(), QueueModel.log2()]
SEEDS = range(8)


@pytest.fixture(params=CORE_BACKENDS)
def core(request):
    return core_class(request.param)


def random_config(rng):
    latency = rng.choice([
        LatencyModel.constant(rng.randint(0, 40), rng.randint(0, 40)),
        LatencyModel.feed(entry_mul=rng.uniform(0.5, 2.0), response_mul=rng.uniform(0.5, 2.0), entry_ns=5),
        LatencyModel.interpolated([(0, 0, 30), (2_000, 2_030, 2_040), (20_000, 20_030, 20_040),
                                   (60_000, 60_010, 60_050)]),
    ])
    def sym():
        return SymbolConfig(queue=rng.choice(QUEUES), fill=rng.choice([FillModel.NO_PARTIAL, FillModel.PARTIAL]),
                            fee=rng.choice([FeeModel.value(-0.0001, 0.0005), FeeModel.quantity(0.01, 0.02),
                                            FeeModel.flat(-0.1, 0.3)]))
    return VenueConfig(latency=latency, defaults=sym(), symbols={"INV": sym()}, last_trades_capacity=8)


def drive(v, rng, limits):
    """A random strategy until the data ends; `limits` collects every limit price each order had."""
    next_id = 1
    for _ in range(20_000):
        a = rng.random()
        s = rng.choice((1, 2))
        try:
            if a < 0.3:
                q = v.quote(s)
                ref = q.bid_price_ticks if q.bid_price_ticks is not None else 1000
                side = rng.randint(0, 1)
                typ = MARKET if rng.random() < 0.1 else LIMIT
                tif = rng.choice((0, 1)) if typ == MARKET else rng.choice((0, 0, 1, 2, 3))
                price = 0 if typ == MARKET else ref + rng.randint(-6, 6)
                v.submit(s, next_id, side, price, rng.randint(1, 30), typ, tif)
                limits[(s, next_id)] = (typ, side, [price])
                next_id += 1
            elif a < 0.45:
                ids = v.orders(s)["order_id"].tolist()
                if ids:
                    oid = rng.choice(ids)
                    if a < 0.4:
                        v.cancel(s, oid)
                    else:
                        o = v.order(s, oid)
                        price = int(o["price"]) + rng.randint(-3, 3)
                        v.modify(s, oid, price, int(o["executed"]) + rng.randint(1, 20))
                        limits[(s, oid)][2].append(price)
            elif a < 0.47:
                v.cancel_all(s)
            elif a < 0.5:
                v.clear_inactive_orders(s)
            elif a < 0.6:
                if v.wait_next_feed(rng.random() < 0.5, rng.randint(0, 200)) == Step.END:
                    return
            else:
                if v.elapse(rng.randint(0, 300)) == Step.END:
                    return
        except (E.RequestInFlightError, E.OrderClosedError, E.InvalidOrderError):
            pass  # refusals a random strategy runs into; they change nothing
    raise AssertionError("the stream did not end")


def value(sym, px, qty):
    return -(qty * sym.contract_size / px) if sym.inverse else qty * px * sym.contract_size


@pytest.mark.parametrize("seed", SEEDS)
def test_random_strategy_keeps_every_accounting_and_limit_invariant(core, tmp_path, seed):
    rng = random.Random(seed)
    items = random_stream(seed, 3000, symbols=(1, 2), mid=1000)
    v = core(write_file(tmp_path / "events.sgxev", items, SYMBOLS), random_config(rng))
    limits = {}
    drive(v, rng, limits)
    fills = v.fills()
    assert len(fills) > 0
    per_order = {}
    for f in fills:
        key = (int(f["symbol"]), int(f["order_id"]))
        typ, side, prices = limits[key]
        assert int(f["side"]) == side
        if typ == LIMIT:   # a buy never above any limit it had, a sell never below
            assert (f["price"] <= max(prices)) if side == BUY else (f["price"] >= min(prices)), (key, f, prices)
        per_order[key] = per_order.get(key, 0) + int(f["quantity"])
    for sym in SYMBOLS:
        mine = fills[fills["symbol"] == sym.id]
        signs = [1 if s == BUY else -1 for s in mine["side"].tolist()]
        st = v.state(sym.id)
        assert st["position"] == sum(sg * q for sg, q in zip(signs, mine["quantity"].tolist()))
        assert st["trades"] == len(mine) and st["maker_fills"] == int(mine["maker"].sum())
        assert st["fee"] == pytest.approx(math.fsum(mine["fee"].tolist()), rel=1e-9, abs=1e-9)
        balance = -math.fsum(sg * value(sym, p * sym.tick_size, q * sym.lot_size)
                             for sg, p, q in zip(signs, mine["price"].tolist(), mine["quantity"].tolist()))
        assert st["balance"] == pytest.approx(balance, rel=1e-9, abs=1e-9)
        mid = st["mid"]
        if not math.isnan(mid):
            pos_value = value(sym, mid, st["position"] * sym.lot_size)
            scale = max(1.0, abs(st["balance"]), abs(pos_value))
            assert st["equity"] == pytest.approx(st["balance"] + pos_value - st["fee"], abs=1e-9 * scale)
            assert st["equity"] == pytest.approx(st["realized_pnl"] + st["unrealized_pnl"] - st["fee"],
                                                 abs=1e-9 * scale)
        for o in v.orders(sym.id):
            key = (sym.id, int(o["order_id"]))
            assert o["leaves"] >= 0
            assert o["executed"] == per_order.get(key, 0)
            if o["status"] in (S.NEW, S.PARTIALLY_FILLED, S.FILLED):
                assert o["leaves"] + o["executed"] == o["quantity"]
