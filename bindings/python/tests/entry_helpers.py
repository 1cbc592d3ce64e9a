"""What the integer order entry's rule tests share: the symbol they trade,
an engine whose ticks and lots are worth 1.0 (so depth() shows them as they
are), and small readers of events and books."""
import sigmax_exec as sx
from sigmax_exec import EventKind as K, Side

SYM = 1
BUY, SELL = Side.BUY, Side.SELL
MAX = 1 << 53
IOC, FOK, POST = sx.TimeInForce.IOC, sx.TimeInForce.FOK, sx.TimeInForce.POST_ONLY


def make_engine(backend, **kw):
    e = backend.Engine(**kw)
    for sym in (SYM, 2, 3, 5):
        e.configure_symbol(sym, 1.0, 1.0)
    return e


def kinds(events):
    return [(e.kind, e.reason) for e in events]


def depth(e, sym=SYM):
    d = e.depth(sym, 100)
    return [(int(p), int(q)) for p, q in d["bids"]], [(int(p), int(q)) for p, q in d["asks"]]


def snapshot(e):
    """The book and every statistic but latency: what a refused call must leave as it was."""
    s = e.get_stats()
    return depth(e), {k: v for k, v in s.items() if "latency" not in k}


def queue(engine, price, ids):
    """The ids among `ids` resting as bids at a price, in queue order, read by selling through them."""
    out = []
    for e in engine.new_order(10**9, SYM, SELL, price, 1 << 40, tif=IOC):
        if e.kind == K.TRADE and e.maker_id in ids:
            out.append(e.maker_id)
    return out
