"""The user-facing simulated venue: ``Venue(event_file_or_path, config,
backend)`` over one backend's core (_core.VenueCore).

Everything the backends share lives here, so both see the same integers:
symbols by id or name, prices and quantities in the symbol's units converted
to ticks and lots (the float helpers), and typed results (VenueOrder,
VenueState) built from the cores' numpy records.
"""
from __future__ import annotations

import math
import operator
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Union

from .. import _errors as E
from ..market import EventFile
from ..market._book_types import Level, Quote
from ..market._records import Symbol
from ..market._units import to_value
from ._config import VenueConfig
from ._core import VenueCore, core_for
from ._records import ALL_SYMBOLS, VenueOrderStatus, VenueRequest
from ._units import price_ticks, quantity_lots

SymbolKey = Union[int, str]

# The engine's codes (capi/sigmax_exec.h): sides, order types, times in force.
BUY, SELL = 0, 1
LIMIT, MARKET = 0, 1
GTC, IOC, FOK, GTX = 0, 1, 2, 3


@dataclass(frozen=True)
class VenueOrder:
    """One order as the strategy knows it (sgx_venue_order): prices in
    ticks, quantities in lots, times in ns."""
    order_id: int
    symbol: int
    side: int                  # 0 buy, 1 sell
    type: int                  # 0 limit, 1 market
    tif: int                   # 0 GTC, 1 IOC, 2 FOK, 3 GTX (post-only)
    status: VenueOrderStatus
    request: VenueRequest      # the request in flight (NONE: none)
    price: int                 # ticks (0 for a market order)
    quantity: int              # lots in all (executed + open)
    leaves: int                # lots open
    executed: int              # lots executed
    exec_price: int            # ticks of the last fill (0: none)
    last_fill: int             # lots of the last fill
    maker: bool                # the last fill was as maker
    avg_price: float           # mean fill price in ticks (0.0: none)
    queue_ahead: float         # the exchange's estimate of the lots ahead, as of the last response
    local_ts: int              # local time of the last request
    exch_ts: int               # exchange time of the last response (0: none)
    recv_ts: int               # local time the last response arrived (0: none)
    reject_reason: int         # the status of the last refused request, else 0

    @property
    def is_open(self) -> bool:
        """NEW or PARTIALLY_FILLED: resting at the exchange as far as the strategy knows."""
        return self.status in (VenueOrderStatus.NEW, VenueOrderStatus.PARTIALLY_FILLED)

    @classmethod
    def from_record(cls, r: Any) -> "VenueOrder":
        """From a VENUE_ORDER_DTYPE record (numpy.void): one item() call, in the record's field order."""
        (order_id, price, quantity, leaves, executed, exec_price, last_fill, local_ts, exch_ts, recv_ts, queue_ahead,
         avg_price, symbol, side, type_, tif, status, request, maker, _, reject_reason, _, _) = r.item()
        return cls(order_id, symbol, side, type_, tif, VenueOrderStatus(status), VenueRequest(request), price,
                   quantity, leaves, executed, exec_price, last_fill, bool(maker), avg_price, queue_ahead, local_ts,
                   exch_ts, recv_ts, reject_reason)


@dataclass(frozen=True)
class VenueState:
    """One symbol's account (sgx_venue_state): position and volume in lots,
    money in the symbol's settlement unit, valued at the local mid."""
    position: int
    volume: int
    trades: int
    maker_fills: int
    taker_fills: int
    balance: float
    fee: float
    realized_pnl: float
    unrealized_pnl: float
    equity: float
    avg_entry_price: float
    mid: float
    trading_value: float
    orders_submitted: int      # new orders sent
    orders_filled: int         # orders that received at least one fill
    book_events: int           # market-data events other than trades received (the local book may have changed)

    @classmethod
    def from_record(cls, r: Any) -> "VenueState":
        """From a VENUE_STATE_DTYPE record (numpy.void): its fields are this class's, in order."""
        return cls(*r.item())


class Venue:
    """A simulated venue over one event file (docs/venue.md).

    ``Venue(file, config=None, backend=None)``: `file` is a market.EventFile
    or the path of one (then the venue opens it and closes it in close());
    `config` a VenueConfig (None: the defaults); `backend` "cffi", "ctypes"
    or "python" (None: the one ``import sigmax_exec`` selected). Every
    method that takes a symbol accepts its id or its name ("BTCUSDT").
    One thread at a time may use a venue.
    """

    def __init__(self, file: Union[EventFile, "os.PathLike[str]", str], config: Optional[VenueConfig] = None,
                 backend: Optional[str] = None) -> None:
        self._owns_file = not isinstance(file, EventFile)
        self.file: EventFile = file if isinstance(file, EventFile) else EventFile(file)
        if backend is None:
            from .. import BACKEND
            backend = BACKEND
        self.backend: str = backend
        self.config: VenueConfig = config if config is not None else VenueConfig()
        try:
            self._core: VenueCore = core_for(backend)(self.file, self.config)
        except BaseException:
            if self._owns_file:
                self.file.close()
            raise
        self._symbols: Dict[int, Symbol] = {s.id: s for s in self.file.symbols}
        self._ids: Dict[SymbolKey, int] = {s.id: s.id for s in self.file.symbols}
        self._ids.update({s.name: s.id for s in self.file.symbols})

    # -- symbols ------------------------------------------------------------

    def symbol_id(self, symbol: SymbolKey) -> int:
        """The id of a symbol given by id or name; UnknownSymbolError if the file has none such."""
        sid = self._ids.get(symbol)  # ids and names alike: one lookup on the hot path
        if sid is not None and not isinstance(symbol, float):  # 1.0 == 1, but a float is no id
            return sid
        if isinstance(symbol, str):
            raise E.error_for(E.ERR_UNKNOWN_SYMBOL, f"no symbol named {symbol!r} in the venue")
        sid = operator.index(symbol)
        raise E.error_for(E.ERR_UNKNOWN_SYMBOL, f"no symbol with id {sid} in the venue")

    @property
    def symbols(self) -> List[Symbol]:
        """The file's symbol table."""
        return list(self._symbols.values())

    def tick_size(self, symbol: SymbolKey) -> float:
        return self._symbols[self.symbol_id(symbol)].tick_size

    def lot_size(self, symbol: SymbolKey) -> float:
        return self._symbols[self.symbol_id(symbol)].lot_size

    # -- time ---------------------------------------------------------------

    def elapse(self, ns: int) -> int:
        """Goes ns ahead: Step.OK (0), or Step.END (1) when nothing remains."""
        return self._core.elapse(operator.index(ns))

    def goto(self, ts: int) -> int:
        """Goes to local time ts (TimeBackwardsError before the current time)."""
        return self._core.goto(operator.index(ts))

    def wait_next_feed(self, include_responses: bool, timeout: int) -> int:
        """Goes at most `timeout` ns ahead, stopping at the next market data
        (or order response): Step.FEED, RESPONSE, TIMEOUT or END."""
        return self._core.wait_next_feed(bool(include_responses), operator.index(timeout))

    def wait_order_response(self, symbol: SymbolKey, order_id: int, timeout: int) -> int:
        """Goes at most `timeout` ns ahead, stopping at that order's next response."""
        return self._core.wait_order_response(self.symbol_id(symbol), operator.index(order_id),
                                              operator.index(timeout))

    @property
    def current_timestamp(self) -> int:
        """The current local time (ns)."""
        return self._core.current_timestamp()

    @property
    def local_shift(self) -> int:
        """The shift added to the events' local_ts (local_latency_floor_ns)."""
        return self._core.local_shift()

    # -- requests, in ticks and lots ------------------------------------------

    def submit(self, symbol: SymbolKey, order_id: int, side: int, price: int, quantity: int, type: int = LIMIT,
               tif: int = GTC) -> None:
        """Sends a new order: price in ticks, quantity in lots."""
        self._core.submit(self.symbol_id(symbol), operator.index(order_id), operator.index(side),
                          operator.index(price), operator.index(quantity), operator.index(type),
                          operator.index(tif))

    def modify(self, symbol: SymbolKey, order_id: int, price: int, quantity: int) -> None:
        """Sends a modify: quantity is the new total (executed + open), in lots."""
        self._core.modify(self.symbol_id(symbol), operator.index(order_id), operator.index(price),
                          operator.index(quantity))

    def cancel(self, symbol: SymbolKey, order_id: int) -> None:
        self._core.cancel(self.symbol_id(symbol), operator.index(order_id))

    def cancel_all(self, symbol: SymbolKey) -> int:
        """Cancels every open order with no request in flight; returns how many."""
        return self._core.cancel_all(self.symbol_id(symbol))

    def clear_inactive_orders(self, symbol: Optional[SymbolKey] = None) -> None:
        """Forgets closed orders with no request in flight (None: every symbol's)."""
        self._core.clear_inactive_orders(ALL_SYMBOLS if symbol is None else self.symbol_id(symbol))

    # -- requests in the symbol's units (hftbacktest style) --------------------

    def _submit_units(self, symbol: SymbolKey, order_id: int, side: int, price: float, qty: float, tif: int,
                      type: int) -> None:
        s = self._symbols[self.symbol_id(symbol)]
        ticks = 0 if type == MARKET else price_ticks(price, s.tick_size)
        self.submit(s.id, order_id, side, ticks, quantity_lots(qty, s.lot_size), type, tif)

    def submit_buy_order(self, symbol: SymbolKey, order_id: int, price: float, qty: float, tif: int = GTX,
                         type: int = LIMIT) -> None:
        """A buy at `price` for `qty`, in the symbol's units (InvalidOrderError
        with OFF_TICK / OFF_LOT off the grid). A market order's price is ignored."""
        self._submit_units(symbol, order_id, BUY, price, qty, tif, type)

    def submit_sell_order(self, symbol: SymbolKey, order_id: int, price: float, qty: float, tif: int = GTX,
                          type: int = LIMIT) -> None:
        """A sell at `price` for `qty`, in the symbol's units (see submit_buy_order)."""
        self._submit_units(symbol, order_id, SELL, price, qty, tif, type)

    # -- local views ------------------------------------------------------------

    def order(self, symbol: SymbolKey, order_id: int) -> VenueOrder:
        """One order (NotFoundError if not in the local table)."""
        return VenueOrder.from_record(self._core.order(self.symbol_id(symbol), operator.index(order_id)))

    def orders_array(self, symbol: SymbolKey) -> Any:
        """The symbol's orders as a VENUE_ORDER_DTYPE array, ascending id."""
        return self._core.orders(self.symbol_id(symbol))

    def orders(self, symbol: SymbolKey) -> Dict[int, VenueOrder]:
        """The symbol's orders by id (ascending)."""
        return {int(r["order_id"]): VenueOrder.from_record(r) for r in self.orders_array(symbol)}

    def state(self, symbol: SymbolKey) -> VenueState:
        return VenueState.from_record(self._core.state(self.symbol_id(symbol)))

    def position(self, symbol: SymbolKey) -> float:
        """The position in the symbol's units (lots * lot_size; negative: short)."""
        sid = self.symbol_id(symbol)
        return float(to_value(int(self._core.state(sid)["position"]), self._symbols[sid].lot_size))

    def quote(self, symbol: SymbolKey) -> Quote:
        """Best bid and ask of the local book."""
        return self._core.quote(self.symbol_id(symbol))

    def best_bid_tick(self, symbol: SymbolKey) -> Optional[int]:
        """The local best bid in ticks (None: no bid)."""
        return self.quote(symbol).bid_price_ticks

    def best_ask_tick(self, symbol: SymbolKey) -> Optional[int]:
        """The local best ask in ticks (None: no ask)."""
        return self.quote(symbol).ask_price_ticks

    def best_bid(self, symbol: SymbolKey) -> float:
        """The local best bid in price units (NaN: no bid)."""
        p = self.quote(symbol).bid_price
        return math.nan if p is None else float(p)

    def best_ask(self, symbol: SymbolKey) -> float:
        """The local best ask in price units (NaN: no ask)."""
        p = self.quote(symbol).ask_price
        return math.nan if p is None else float(p)

    def depth(self, symbol: SymbolKey, side: int, levels: int = 10) -> List[Level]:
        """Up to `levels` levels of one side of the local book, best first."""
        return self._core.depth(self.symbol_id(symbol), operator.index(side), operator.index(levels))

    def quantity_at(self, symbol: SymbolKey, side: int, price: int) -> int:
        """Lots at a price (ticks) of the local book."""
        return self._core.quantity_at(self.symbol_id(symbol), operator.index(side), operator.index(price))

    def last_trades(self, symbol: SymbolKey) -> Any:
        """The trades received locally since the previous call (EVENT_DTYPE array); then forgotten."""
        return self._core.last_trades(self.symbol_id(symbol))

    def dropped_trades(self, symbol: SymbolKey) -> int:
        """Trades the symbol's last-trades buffer dropped so far (it keeps last_trades_capacity between calls)."""
        return int(self._core.dropped_trades(self.symbol_id(symbol)))

    def fills(self, first: int = 0) -> Any:
        """Every fill the strategy has received from `first` on (VENUE_FILL_DTYPE array, arrival order)."""
        return self._core.fills(operator.index(first))

    def queue_position(self, symbol: SymbolKey, order_id: int) -> float:
        """The exchange's estimate of the lots ahead of a resting order now (an oracle for research)."""
        return self._core.queue_position(self.symbol_id(symbol), operator.index(order_id))

    # -- lifetime ---------------------------------------------------------------

    def close(self) -> None:
        """Frees the core (a native venue at once) and the file if the venue opened it."""
        close = getattr(self._core, "close", None)
        if close is not None:
            close()
        if self._owns_file:
            self.file.close()

    def __enter__(self) -> "Venue":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Venue {self.file.path!r} ({self.backend}) at {self.current_timestamp}>"
