"""The events are the whole story (hypothesis, every backend): a book
rebuilt from a call's events alone equals the engine's book after every
call of an arbitrary stream of integer calls, level by level and order by
order, queue places included."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sigmax_exec as sx
from sigmax_exec import EventKind as K
from conftest import loaded_backends

SYM = 1
ids = st.integers(1, 25)
prices = st.integers(95, 105)
lots = st.integers(1, 10)
new_orders = st.tuples(st.just("new"), ids, st.integers(0, 1), st.integers(0, 1), st.integers(0, 3), prices, lots,
                       st.integers(0, 2), st.integers(0, 5))
calls = st.lists(st.one_of(
    new_orders, new_orders,
    st.tuples(st.just("cancel"), ids),
    st.tuples(st.just("replace"), ids, prices, lots),
    st.tuples(st.just("cancel_all")),
    st.tuples(st.just("cancel_owner"), st.integers(1, 2)),
), max_size=60)


class ShadowBook:
    """A book kept from events only: orders by id ([side, price, lots]) and
    each level's queue of ids, oldest first."""

    def __init__(self):
        self.orders = {}
        self.queues = {}

    def _remove(self, oid):
        side, price, _ = self.orders.pop(oid)
        q = self.queues[(side, price)]
        q.remove(oid)
        if not q:
            del self.queues[(side, price)]

    def apply(self, events):
        pending = None  # the order this call may rest: [id, side, price, lots]
        for e in events:
            if e.kind == K.ACCEPTED:
                pending = [e.order_id, e.side, e.price, e.remaining]
            elif e.kind == K.REPLACED:
                side, price, open_lots = self.orders[e.order_id]
                if e.price == price and e.lots <= open_lots:
                    self.orders[e.order_id][2] = e.lots  # keeps its place
                else:
                    self._remove(e.order_id)
                    pending = [e.order_id, e.side, e.price, e.remaining]
            elif e.kind == K.TRADE:
                if e.maker_done:
                    self._remove(e.maker_id)
                else:
                    self.orders[e.maker_id][2] = e.maker_remaining
                pending[3] = e.remaining
            elif e.kind == K.CANCELLED:
                if pending is not None and e.order_id == pending[0]:
                    pending[3] = e.remaining
                elif e.remaining == 0:
                    self._remove(e.order_id)
                else:
                    self.orders[e.order_id][2] = e.remaining
        if pending is not None and pending[3] > 0:
            oid, side, price, n = pending
            self.orders[oid] = [side, price, n]
            self.queues.setdefault((side, price), []).append(oid)

    def depth(self):
        levels = {}
        for (side, price), q in self.queues.items():
            levels[(side, price)] = sum(self.orders[oid][2] for oid in q)
        bids = sorted(((p, n) for (s, p), n in levels.items() if s == 0), reverse=True)
        asks = sorted((p, n) for (s, p), n in levels.items() if s == 1)
        return bids, asks


def engine_depth(e):
    d = e.depth(SYM, 1000)
    return [(int(p), int(q)) for p, q in d["bids"]], [(int(p), int(q)) for p, q in d["asks"]]


def replay(backend, stream):
    e = backend.Engine()
    e.configure_symbol(SYM, 1.0, 1.0)
    shadow = ShadowBook()
    for call in stream:
        try:
            if call[0] == "new":
                _, cid, side, otype, tif, price, n, owner, stp = call
                events = e.new_order(cid, SYM, side, price, n, order_type=otype, tif=tif, owner=owner, stp=stp)
            elif call[0] == "cancel":
                events = e.cancel(call[1])
            elif call[0] == "replace":
                events = e.replace(*call[1:])
            elif call[0] == "cancel_all":
                events = e.cancel_all(SYM)
            else:
                events = e.cancel_owner(call[1])
        except sx.SigmaxError:
            continue  # refused: no event, nothing changed
        shadow.apply(events)
        assert shadow.depth() == engine_depth(e), call
        for oid, (side, price, n) in shadow.orders.items():
            q = shadow.queues[(side, price)]
            ahead = q[:q.index(oid)]
            got = e.order_ticks(oid)
            assert (got.side, got.price, got.open_lots, got.orders_ahead, got.lots_ahead) == (
                side, price, n, len(ahead), sum(shadow.orders[a][2] for a in ahead)), oid
    e.close()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls)
def test_a_book_rebuilt_from_events_alone_is_the_engines_after_every_call(stream):
    for backend in loaded_backends():
        replay(backend, stream)
