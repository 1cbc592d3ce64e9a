"""What a type checker sees of the public API: `mypy --strict` runs over this
file with the package (CTest "python: mypy --strict"); each assert_type fails
the check if the API's types degrade (to Any, say). Never run, only checked."""
from __future__ import annotations

from typing import List, Optional

from typing_extensions import assert_type

import sigmax_exec as sx
from sigmax_exec import EngineStats, Execution, Fill, OrderInfo, PipelineResult, PipelineStats, TopOfBook


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
