"""Invariants under arbitrary order flow (hypothesis), on every backend:
the book is never crossed after an order, bought volume equals sold volume,
and every order's filled + resting + cancelled quantity equals its quantity."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sigmax_exec as sx
from conftest import loaded_backends

LOT = 1.0
orders = st.tuples(
    st.integers(0, 1),                       # side
    st.integers(0, 1),                       # type
    st.integers(0, 3),                       # tif
    st.integers(95, 105),                    # price in ticks of 1.0
    st.integers(1, 10),                      # quantity in lots of 1.0
)
events = st.lists(st.one_of(
    st.tuples(st.just("order"), orders),
    st.tuples(st.just("cancel"), st.integers(1, 60)),
    st.tuples(st.just("amend"), st.integers(1, 60), st.integers(1, 10)),
), max_size=80)


def check_invariants(backend, evs):
    e = backend.Engine()
    e.configure_symbol(1, tick_size=1.0, lot_size=LOT)
    qty, done, side_of = {}, {}, {}   # per order: asked, filled + cancelled
    for ev in evs:
        if ev[0] == "order":
            side, otype, tif, price, q = ev[1]
            if otype == 1 and tif == 3:
                tif = 0  # post-only market orders are invalid input, tested elsewhere
            r = e.execute_order(1, side, otype, float(price), float(q), tif)
            qty[r.order_id] = q
            side_of[r.order_id] = side
            cancelled = q - r.executed_quantity if r.status in (sx.OrderStatus.CANCELLED, sx.OrderStatus.REJECTED) else 0
            done[r.order_id] = done.get(r.order_id, 0) + cancelled
            top = e.top_of_book(1)
            assert top.bid_price is None or top.ask_price is None or top.bid_price < top.ask_price
        elif ev[0] == "cancel":
            info = e.order_info(ev[1])
            if e.cancel_order(ev[1]):
                done[ev[1]] += info.remaining_quantity
        else:
            info = e.order_info(ev[1])
            if e.amend_order(ev[1], float(ev[2])):
                delta = ev[2] - info.remaining_quantity
                if delta > 0:
                    qty[ev[1]] += delta
                else:
                    done[ev[1]] += -delta
    bought = sold = 0.0
    for f in e.drain_fills():
        for oid in (f.maker_order_id, f.taker_order_id):
            done[oid] += f.quantity
            if side_of[oid] == 0:
                bought += f.quantity
            else:
                sold += f.quantity
    assert bought == sold
    for oid, q in qty.items():
        info = e.order_info(oid)
        resting = info.remaining_quantity if info else 0.0
        assert done[oid] + resting == q, f"order {oid}"


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(events)
def test_invariants_hold_for_every_backend(evs):
    for backend in loaded_backends():
        check_invariants(backend, evs)
