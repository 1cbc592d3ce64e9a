"""The Python package in a few dozen lines: the SIGMAX drop-in names, a
resting sell, a market buy that trades with it, the fill, the book, a
refused request and the statistics.

Run from a checkout: PYTHONPATH=bindings/python python3 examples/python/quickstart.py
"""
import sigmax_exec as sx

engine = sx.RustExecutionEngine(queue_capacity=10000)  # the SIGMAX name of sx.ExecutionEngine
engine.configure_symbol(1, tick_size=0.01, lot_size=0.001)

sell = engine.execute_order(symbol_id=1, side=sx.Side.SELL, order_type=sx.OrderType.LIMIT,
                            price=101.25, quantity=2.0)
print(f"backend {sx.BACKEND}: sell {sell.order_id} {sell.status.name}, resting {sell.remaining_quantity}")

buy = engine.execute_order(1, sx.Side.BUY, sx.OrderType.MARKET, 0.0, 0.5)
print(f"buy {buy.order_id} {buy.status.name}: {buy.executed_quantity} at {buy.executed_price}")

for fill in engine.drain_fills():
    print(f"fill: maker {fill.maker_order_id} taker {fill.taker_order_id}, {fill.quantity} at {fill.price}")

top = engine.top_of_book(1)
print(f"book: ask {top.ask_price} x {top.ask_quantity}, bid {top.bid_price}")

try:  # half a lot: refused with a named error, nothing changes
    engine.execute_order(1, sx.Side.BUY, sx.OrderType.LIMIT, 100.0, 0.0005)
except sx.InvalidOrderError as e:
    print(f"refused: {e}")

stats = engine.get_stats()
print(f"stats: {stats['total_executions']} orders, {stats['total_fills']} fills, {stats['invalid_requests']} invalid")
