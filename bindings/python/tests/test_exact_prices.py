"""The decimal rule (docs/semantics.md, "Prices and quantities in reports"):
a price or quantity that is a whole number of ticks or lots comes back as the
double nearest its decimal value from every call, on every backend. Expected
values come from parsing decimal text (``float(f"{n}e-{k}")``, correctly
rounded), never from the engine's arithmetic."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import loaded_backends
from sigmax_exec._values import decimal_form, to_value
from sigmax_exec.market._units import to_value as market_to_value


BUY, SELL = 0, 1
LIMIT, MARKET = 0, 1
GTC, IOC = 0, 1


def decimal(n, k):
    """The double nearest n * 10^-k."""
    return float(f"{n}e-{k}")


def every_value(engine, tick, lot, price, quantity, one_lot):
    """Rests a sell of `quantity` at `price`, then a buy of one lot takes part
    of it: every price and quantity the engine gives back, by call."""
    engine.configure_symbol(1, tick, lot)
    rest = engine.execute_order(1, SELL, LIMIT, price, quantity, GTC)
    top = engine.top_of_book(1)
    depth = engine.depth(1, 5)
    info = engine.order_info(rest.order_id)
    take = engine.execute_order(1, BUY, LIMIT, price, one_lot, IOC)
    (fill,) = engine.drain_fills()
    after = engine.order_info(rest.order_id)
    engine.cancel_order(rest.order_id)
    prices = {"top_of_book": top.ask_price, "depth": depth["asks"][0][0], "order_info": info.price,
              "fill": fill.price, "executed_price": take.executed_price}
    quantities = {"top_of_book": top.ask_quantity, "depth": depth["asks"][0][1],
                  "order_info": info.original_quantity}
    parts = {"fill": fill.quantity, "executed_quantity": take.executed_quantity}
    return prices, quantities, parts, after.remaining_quantity


def check(engine, tick, lot, price, quantity, one_lot, remaining):
    prices, quantities, parts, left = every_value(engine, tick, lot, price, quantity, one_lot)
    for name, p in prices.items():
        assert p == price, (name, p, price)
        assert float(repr(p)) == p
    for name, q in quantities.items():
        assert q == quantity, (name, q, quantity)
    for name, q in parts.items():
        assert q == one_lot, (name, q, one_lot)
    assert left == remaining


def test_decimal_rule_a_sell_at_99_57_on_a_0_01_tick_comes_back_as_99_57_from_every_call(engine):
    assert 9957 * 0.01 != 99.57  # the product the rule replaces
    prices, quantities, parts, left = every_value(engine, 0.01, 0.1, 99.57, 3.0, 0.1)
    assert all(repr(p) == "99.57" for p in prices.values()), prices
    assert all(q == 3.0 for q in quantities.values()), quantities
    assert all(repr(q) == "0.1" for q in parts.values()), parts
    assert repr(left) == "2.9"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(k=st.integers(0, 8), data=st.data())
def test_decimal_rule_on_a_10_to_the_minus_k_tick_random_counts_round_trip_through_repr(engine, k, data):
    # The property: for tick 10^-k, the price round-trips through
    # repr and equals the decimal ticks * 10^-k (parsed, not multiplied).
    # Up to 10^(7+k) ticks (at most 10^15 < 2^53): prices up to 10^7.
    ticks = data.draw(st.integers(2, 10 ** (7 + k)), label="ticks")
    lots = data.draw(st.integers(2, 10 ** (7 + k)), label="lots")
    inc = decimal(1, k)
    price, quantity = decimal(ticks, k), decimal(lots, k)
    check(engine, inc, inc, price, quantity, inc, decimal(lots - 1, k))
    assert repr(price) == repr(round(price, k))  # no noise past the k-th decimal


@pytest.mark.parametrize("tick, m", [(0.05, 5), (0.25, 25)])
def test_decimal_rule_a_non_power_of_ten_tick_gives_decimal_prices(engine, tick, m):
    for ticks in (1, 3, 7, 1991, 123457, 10**9 + 7):
        check(engine, tick, 0.25, decimal(ticks * m, 2), 3.0, 0.25, 2.75)


def test_decimal_rule_a_tick_with_no_decimal_form_multiplies(engine):
    third = 1.0 / 3.0
    assert decimal_form(third) == (third, 1.0)
    price = 301 * third
    check(engine, third, 1.0, price, 3.0, 1.0, 2.0)


def test_decimal_rule_decimal_forms():
    assert decimal_form(0.01) == (1.0, 100.0)
    assert decimal_form(0.25) == (25.0, 100.0)
    assert decimal_form(5.0) == (5.0, 1.0)
    assert decimal_form(1e-8) == (1.0, 1e8)
    assert decimal_form(0.1 + 0.2) == (0.1 + 0.2, 1.0)
    assert decimal_form(1e300) == (1e300, 1.0)


def test_decimal_rule_market_data_values_follow_the_engine_rule():
    np = pytest.importorskip("numpy")
    ticks = np.array([581234, 9957, 1, 123456789], dtype=np.int64)
    column = market_to_value(ticks, 0.1)
    assert [float(x) for x in column] == [decimal(int(t), 1) for t in ticks]
    assert [float(x) for x in market_to_value(ticks, 0.01)] == [to_value(int(t), 0.01) for t in ticks]
    assert float(market_to_value(9957, 0.01)) == 99.57


def test_decimal_rule_batches_and_books_agree_on_every_backend():
    results = []
    for b in loaded_backends():
        e = b.Engine()
        e.configure_symbol(1, 0.01, 0.001)
        for i in range(50):
            e.execute_order(1, SELL, LIMIT, decimal(9900 + i, 2), decimal(1000 + 7 * i, 3), GTC)
        (r,) = e.execute_batch([(1, BUY, MARKET, 0.0, 12.345, IOC)])
        results.append((b.__name__, r.executed_price, r.executed_quantity, e.top_of_book(1), e.depth(1, 50),
                        e.drain_fills()))
        e.close()
    assert len(results) >= 1
    for other in results[1:]:
        assert other[1:] == results[0][1:], (results[0][0], other[0])
    _, _, executed_quantity, top, depth, fills = results[0]
    assert executed_quantity == 12.345
    for price in [top.ask_price] + [p for p, _ in depth["asks"]] + [f.price for f in fills]:
        assert price == decimal(round(price * 100), 2), price
    for _, quantity in depth["asks"]:
        assert quantity == decimal(round(quantity * 1000), 3), quantity
