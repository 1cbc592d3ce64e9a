"""The integer order entry from Python: orders in ticks and lots under your
own ids, every consequence of a call as events, self-trade prevention
between one owner's orders, and many calls at once as numpy arrays.

Run from a checkout: PYTHONPATH=bindings/python python3 examples/python/integer_entry.py
"""
import sigmax_exec as sx
from sigmax_exec import EventKind, RequestOp, SelfTrade, Side, TimeInForce

MAKER, TAKER = 11, 22  # owners
engine = sx.ExecutionEngine()


def show(what, events):
    print(what + ": " + ", ".join(f"{e.kind.name} {e.order_id}"
                                  + (f" x{e.maker_id} {e.lots}@{e.price}" if e.kind == EventKind.TRADE else "")
                                  + (f" {e.reason.name}" if e.kind == EventKind.CANCELLED else "") for e in events))


show("quote", engine.new_order(101, 7, Side.SELL, 10_050, 3, owner=MAKER))
show("quote", engine.new_order(102, 7, Side.SELL, 10_051, 4, owner=MAKER))
show("take", engine.new_order(201, 7, Side.BUY, 10_051, 5, tif=TimeInForce.IOC, owner=TAKER))
# The maker's own buy meets its own ask: CANCEL_OLDEST cancels the resting one, no trade.
show("self", engine.new_order(103, 7, Side.BUY, 10_051, 1, owner=MAKER, stp=SelfTrade.CANCEL_OLDEST))
show("replace", engine.replace(103, 10_049, 2))
try:
    engine.cancel(999)
except sx.OrderNotFoundError as e:
    print(f"refused: {e.status_name}")
show("pull", engine.cancel_owner(MAKER))

requests = sx.make_requests(3)  # the third reuses a resting id: refused, the others run
requests["op"] = [RequestOp.NEW, RequestOp.NEW, RequestOp.NEW]
requests["order_id"], requests["symbol"], requests["side"] = [301, 302, 302], 7, [Side.SELL, Side.BUY, Side.BUY]
requests["price"], requests["lots"] = [10_000, 10_000, 10_000], [2, 5, 1]
out = engine.apply(requests)
trades = out.events[out.events["kind"] == EventKind.TRADE]
print(f"apply: {len(out.events)} events, {len(trades)} trade of {trades['lots'].sum()} lots, "
      f"statuses {out.statuses.tolist()}")
stats = engine.get_stats()
print(f"backend {sx.BACKEND}: {stats['total_executions']} orders, {stats['total_fills']} fills, "
      f"{stats['cancels']} cancels")
