"""What a type checker sees of the public API: `mypy --strict` runs over this
file with the package (CTest "python: mypy --strict"); each assert_type fails
the check if the API's types degrade (to Any, say). Never run, only checked."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from typing_extensions import assert_type

import sigmax_exec as sx
from sigmax_exec import (AppliedRequests, EngineStats, Execution, Fill, OrderEvent, OrderInfo, PipelineResult,
                         PipelineStats, TopOfBook)


def engine_calls(engine: sx.RustExecutionEngine) -> None:
    engine.configure_symbol(1, tick_size=0.01, lot_size=0.001)
    ex = engine.execute_order(1, sx.Side.BUY, sx.OrderType.LIMIT, 100.0, 1.0)
    assert_type(ex, Execution)
    assert_type(ex.executed_price, float)
    assert_type(ex.order_id, int)
    assert_type(ex.status, sx.OrderStatus)
    assert_type(engine.cancel_order(ex.order_id), bool)
    assert_type(engine.amend_order(ex.order_id, 0.5), bool)
    assert_type(engine.order_info(ex.order_id), Optional[OrderInfo])
    top = engine.top_of_book(1)
    assert_type(top, TopOfBook)
    assert_type(top.ask_price, Optional[float])
    assert_type(engine.drain_fills(), List[Fill])
    stats = engine.get_stats()
    assert_type(stats, EngineStats)
    assert_type(stats["p99_latency_ns"], int)
    assert_type(sx.execute_batch(engine, [(1, 0, 0, 100.0, 1.0)]), List[Execution])


def integer_calls(engine: sx.ExecutionEngine) -> None:
    events = engine.new_order(7, 1, sx.Side.BUY, 10_000, 3, order_type=sx.OrderType.LIMIT, tif=sx.TimeInForce.GTC,
                              owner=42, stp=sx.SelfTrade.CANCEL_OLDEST)
    assert_type(events, List[OrderEvent])
    first = events[0]
    assert_type(first.kind, sx.EventKind)
    assert_type(first.reason, sx.CancelReason)
    assert_type(first.side, sx.Side)
    assert_type(first.remaining, int)
    assert_type(first.maker_done, bool)
    assert_type(engine.cancel(7), List[OrderEvent])
    assert_type(engine.replace(7, 10_001, 2), List[OrderEvent])
    assert_type(engine.cancel_all(1), List[OrderEvent])
    assert_type(engine.cancel_owner(42), List[OrderEvent])
    assert_type(engine.set_min_price(1, -100), None)
    applied = engine.apply(sx.make_requests(4))
    assert_type(sx.RequestOp.CANCEL_OWNER, sx.RequestOp)
    assert_type(applied, AppliedRequests)
    assert_type(sx.events_to_array(events), Any)
    try:
        engine.cancel(8)
    except sx.OrderNotFoundError as exc:
        assert_type(exc.status, int)


def tick_queries(engine: sx.RustExecutionEngine) -> None:
    top = engine.top_of_book_ticks(1)
    assert_type(top, sx.TopTicks)
    assert_type(top.bid_price, Optional[int])
    assert_type(top.bid_lots, int)
    levels = engine.depth_ticks(1, sx.Side.SELL, 5)
    assert_type(levels, List[sx.LevelTicks])
    assert_type(levels[0].orders, int)
    assert_type(engine.lots_at(1, sx.Side.BUY, -3), sx.LevelTicks)
    order = engine.order_ticks(7)
    assert_type(order, Optional[sx.OrderTicks])
    if order is not None:
        assert_type(order.lots_ahead, int)
        assert_type(order.side, sx.Side)


async def pipeline_calls(pipeline: sx.Pipeline) -> None:
    assert_type(await pipeline.execute(1, 0, 0, 100.0, 1.0), Execution)
    assert_type(await pipeline.top_of_book(1), TopOfBook)
    assert_type(pipeline.submit(1, 0, 0, 100.0, 1.0), int)
    assert_type(pipeline.poll(), List[PipelineResult])
    assert_type(pipeline.stats(), PipelineStats)


def constructors() -> None:
    assert_type(sx.ExecutionEngine(), sx.ExecutionEngine)
    assert_type(sx.RustExecutionEngine(queue_capacity=10), sx.ExecutionEngine)
    assert_type(sx.Pipeline(1024), sx.Pipeline)


def venue_calls(path: str) -> None:
    from sigmax_exec.venue import (GTX, FeeModel, LatencyModel, QueueModel, SymbolConfig, Venue, VenueConfig,
                                   VenueOrder, VenueState)
    from sigmax_exec.market import Level, Quote
    config = VenueConfig(latency=LatencyModel.constant(10_000_000, 10_000_000),
                         defaults=SymbolConfig(queue=QueueModel.power(2.0), fee=FeeModel.value(-0.00005, 0.0007)))
    with Venue(path, config) as v:
        assert_type(v.elapse(100_000_000), int)
        assert_type(v.current_timestamp, int)
        v.submit_buy_order("BTCUSDT", 1, 61800.0, 0.1, GTX)
        v.submit(0, 2, 1, 6180100, 100)
        assert_type(v.order(0, 1), VenueOrder)
        assert_type(v.orders("BTCUSDT"), Dict[int, VenueOrder])
        assert_type(v.state(0), VenueState)
        assert_type(v.state(0).equity, float)
        assert_type(v.quote(0), Quote)
        assert_type(v.best_bid_tick(0), Optional[int])
        assert_type(v.best_ask(0), float)
        assert_type(v.depth(0, 0, 5), List[Level])
        assert_type(v.position(0), float)
        assert_type(v.cancel_all(0), int)
        assert_type(v.queue_position(0, 1), float)


def venue_engine_calls(path: str) -> None:
    from sigmax_exec.venue import Venue, VenueExecutionEngine
    v = Venue(path)
    engine = VenueExecutionEngine(v)
    assert_type(engine, VenueExecutionEngine)
    ex = engine.execute_order("BTCUSDT", sx.Side.BUY, sx.OrderType.MARKET, None, 0.1)
    assert_type(ex, Execution)
    assert_type(engine.execute_order(0, 0, 0, 61800.0, 0.1, sx.TimeInForce.GTC), Execution)
    assert_type(sx.execute_batch(engine, [("BTCUSDT", 0, 0, 61800.0, 0.1)]), List[Execution])
    assert_type(engine.get_stats(), EngineStats)
    assert_type(engine.venue_order_id(ex.order_id), int)
    # The seed's spelling makes the same object at run time; mypy types a class
    # call from __init__ and ignores __new__'s return type (python/mypy#15182).
    sx.RustExecutionEngine(venue=v)  # type: ignore[call-arg]


def backtest_calls(path: str) -> None:
    from sigmax_exec.backtest import BacktestResult, Recorder, Strategy, plot, run, summary, summary_json
    from sigmax_exec.venue import Venue, VenueOrder

    class Counting(Strategy):
        def __init__(self) -> None:
            self.fills = 0

        def on_order_update(self, venue: Venue, order: VenueOrder) -> None:
            self.fills += order.last_fill

        def on_timer(self, venue: Venue, ts: int) -> None:
            venue.cancel_all(0)

    with Venue(path) as v:
        rec = Recorder(v, "BTCUSDT", interval_ns=100_000_000)
        result = run(v, Counting(), symbols=["BTCUSDT"], timer_ns=50_000_000, recorder=rec, until=10**18)
        assert_type(result, BacktestResult)
        assert_type(result.end_ts, int)
        assert_type(rec.record(v), bool)
        assert_type(len(rec), int)
        figures = result.summary(capital=10_000.0)
        assert_type(figures["sharpe"], "int | float")
        assert_type(summary(rec, periods_per_year=252.0), Dict[str, "int | float"])
        assert_type(summary_json(rec), str)
        rec.save_csv("rec.csv")
        assert_type(Recorder.load_csv("rec.csv", interval_ns=100_000_000), Recorder)
        plot(rec, "rec.png", title="grid")


def paper_venue_calls() -> None:
    import time
    import numpy as np
    from sigmax_exec.market import EVENT_DTYPE, Symbol
    from sigmax_exec.venue import PaperVenue, Venue
    v = PaperVenue([Symbol(0, "BTCUSDT", "binance-usdm", 0.1, 0.001)], clock=time.time_ns, feed_delay_ns=100_000_000)
    assert_type(v, PaperVenue)
    venue: Venue = v  # a strategy written for a Venue takes it
    v.push(np.zeros(1, dtype=EVENT_DTYPE))
    v.advance_feed(time.time_ns())
    v.close_feed()
    assert_type(v.queued, int)
    assert_type(venue.elapse(100_000_000), int)
