"""The exchange side of one symbol in L3 mode (docs/venue.md section 11,
"L3: exact queues"), in pure Python; include/sigmax/venue/l3_exchange.hpp
is its C++ twin and must give the same answers for the same calls.

It owns the symbol's replayed L3 book (the recorded orders only: the
user's orders are never inserted into it) and, beside it:
- an arrival sequence per real resting order, from one counter the object
  owns, assigned at ADD, at a MODIFY that sends the order to the back, and
  at a MODIFY that adds an unknown id; a user order that rests takes the
  next number from the same counter, so a newly assigned number is always
  behind every resting user order;
- the user's resting orders (a caller-chosen int key, side, price, leaves,
  seq, ahead);
- hidden lots: per real order, the lots a user taker took from it, and
  their total per level. They stay in the replayed book but are invisible:
  visible = real - hidden in every query here.

`ahead` of a user order u is kept equal to its definition at all times:
the sum over the real orders r at u's side and price with seq(r) < seq(u)
of visible(r) = open(r) - hidden(r). Every change to one real order is
applied as "remove its old contribution, add its new one" to the user
orders behind it, which covers every rule of section 11 (a cancel, fill or
size decrease ahead moves u by the visible lots lost; an order sent to the
back or elsewhere takes all its visible lots away; one behind changes
nothing).

Events are given as EVENT_DTYPE records (or anything indexable by the
record's field names, such as a dict) to apply(), which ignores events of
another symbol, or as plain ints to apply_fields() (the caller has chosen
the symbol), the form the venue's event loop uses.

Choices where section 11 is silent (the C++ twin makes the same ones):
- A FILL that names an order not resting (or with a quantity < 0 or
  > 2^53, which the book refuses) changes nothing and fills no user order.
  Side and price of a FILL are the resting order's (the book's), not the
  event's.
- A FILL flagged NO_BOOK_CHANGE changes nothing here: its market part
  m = q - min(hidden[r], q) decides the passive fills, but hidden[r] stays
  as it is, because the book does not change either. The CANCEL or MODIFY
  that follows reduces the book and uses the hidden lots up then. (Using
  them up at the FILL would make the lots the user took visible again
  until that CANCEL: they could cross a user order.)
- A MODIFY that sends r to the back (a size increase, or a new price or
  side) drops its hidden lots, as an order leaving: it is a new arrival.
- Best crossing is checked after every event of this symbol (any kind),
  against the visible best of the opposite side.
- Each user order appears at most once in one event's fills; a whole fill
  (trade-through, crossing) wins over a market part m. The fills of one
  event come sorted by side (buys first), then price best first for that
  side, then seq.
- visible_depth's order count is the level's count of real orders.
- take() with fok checks the visible lots whether or not whole_at_best is
  set; leaves and lots outside 1..2^53 are refused (InvalidQuantity).
- The component never removes a user order; a user order the caller
  leaves in place is reported again by the next event that fills it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from .. import _errors as E
from ..market._book_types import BookChecks, Level, Quote
from ..market._pure_books import _L3Symbol

_CLEAR, _BEGIN = 2, 3              # Kind.CLEAR, Kind.SNAPSHOT_BEGIN
_ADD, _MODIFY, _FILL = 7, 9, 10    # Kind.ADD, Kind.MODIFY, Kind.FILL (CANCEL = 8 lies between)
_SIDE_NONE = 2
_NO_BOOK_CHANGE = 32               # Flag.NO_BOOK_CHANGE
_MAX_ORDER_LOTS = 1 << 53          # what the L3 book accepts in one event

WHOLE = -1  # the lots of a PassiveFill that fills the whole order (trade-through, best crossing)

PassiveFill = Tuple[int, int, int]  # (key, price ticks, lots or WHOLE)
TakerFill = Tuple[int, int]         # (price ticks, lots): one per level walked


class _User:
    """One user order resting on the exchange side."""

    __slots__ = ("key", "side", "price", "leaves", "seq", "ahead")

    def __init__(self, key: int, side: int, price: int, leaves: int, seq: int, ahead: int) -> None:
        self.key, self.side, self.price, self.leaves, self.seq, self.ahead = key, side, price, leaves, seq, ahead


def _better_or_equal(side: int, price: int, limit: Optional[int]) -> bool:
    """True when a taker on the other side may trade at `price` of `side`
    (a buy taker walks asks up to its limit, a sell taker bids down to it)."""
    if limit is None:
        return True
    return price <= limit if side == 1 else price >= limit


class PureL3Exchange:
    """The L3 exchange side of one symbol (see the module's text)."""

    def __init__(self, symbol: int = 0) -> None:
        self.symbol = symbol
        self._book = _L3Symbol()
        self._checks = [0] * 9
        self._counter = 0
        self._seq: Dict[int, int] = {}       # real order id -> arrival sequence
        self._hidden: Dict[int, int] = {}    # real order id -> hidden lots (> 0 only)
        self._level_hidden: Tuple[Dict[int, int], Dict[int, int]] = ({}, {})  # per side: price -> hidden lots
        self._users: Dict[int, _User] = {}
        # Per side: price -> the user orders there, in seq order (they are appended as they rest).
        self._user_levels: Tuple[Dict[int, List[_User]], Dict[int, List[_User]]] = ({}, {})

    # -- market data ---------------------------------------------------------

    def apply(self, event: Any) -> List[PassiveFill]:
        """Applies one recorded event (an EVENT_DTYPE record, or a mapping
        with its field names) and returns the passive fills it causes; an
        event of another symbol changes nothing and fills nothing."""
        if int(event["symbol"]) != self.symbol:
            return []
        return self.apply_fields(int(event["kind"]), int(event["side"]), int(event["price"]),
                                 int(event["quantity"]), int(event["flags"]), int(event["order_id"]))

    def apply_fields(self, kind: int, side: int, price: int, quantity: int, flags: int,
                     order_id: int) -> List[PassiveFill]:
        """apply() with the event's fields as ints. Each user order filled
        appears once (a whole fill wins over a market part), sorted by side
        (buys first), then price best first for its side, then seq."""
        pending: Dict[int, int] = {}  # user key -> lots or WHOLE
        if _ADD <= kind <= _FILL:
            self._order_event(kind, side, price, quantity, flags, order_id, pending)
        elif (kind == _CLEAR and 0 <= side <= _SIDE_NONE) or kind == _BEGIN:
            self._clear(_SIDE_NONE if kind == _BEGIN else side)
            self._book.apply(kind, side, price, quantity, flags, order_id, self._checks)
        else:  # LEVEL, TRADE, BBO, SNAPSHOT_END, bad kinds and sides: the book counts them, nothing else changes
            self._book.apply(kind, side, price, quantity, flags, order_id, self._checks)
        if not self._users:
            return []
        self._cross(pending)
        if not pending:
            return []
        users = [self._users[k] for k in pending]
        users.sort(key=lambda u: (u.side, -u.price if u.side == 0 else u.price, u.seq))
        return [(u.key, u.price, pending[u.key]) for u in users]

    def _order_event(self, kind: int, side: int, price: int, quantity: int, flags: int, oid: int,
                     pending: Dict[int, int]) -> None:
        book = self._book
        o = book.orders.get(oid)
        if o is None:
            book.apply(kind, side, price, quantity, flags, oid, self._checks)
            if oid in book.orders:  # an ADD, or a MODIFY of an unknown id that added it
                self._counter += 1
                self._seq[oid] = self._counter
            return
        s0, p0, open0 = o.side, o.price, o.open
        h0 = self._hidden.get(oid, 0)
        seq0 = self._seq[oid]
        vis0 = open0 - h0
        if kind == _FILL and 0 <= quantity <= _MAX_ORDER_LOTS:
            m = quantity - min(h0, quantity)
            if m > 0 and self._users:
                self._fill_passive(s0, p0, seq0, m, pending)
        book.apply(kind, side, price, quantity, flags, oid, self._checks)
        if kind == _FILL and flags & _NO_BOOK_CHANGE:
            return  # the book did not change, nor do the hidden lots (see the module's text)
        if oid not in book.orders:  # it left the book: its visible lots go, its hidden lots are dropped
            self._behind(s0, p0, seq0, -vis0)
            self._set_hidden(oid, s0, p0, h0, 0)
            del self._seq[oid]
            return
        reduction = open0 - o.open  # the reduction uses up hidden lots first
        h1 = h0 - min(h0, reduction) if reduction > 0 else h0
        vis1 = o.open - h1
        if kind == _MODIFY and (o.side != s0 or o.price != p0 or o.open > open0):
            # Sent to the back (or elsewhere): behind every user order now; a
            # new arrival, so its hidden lots are dropped.
            self._behind(s0, p0, seq0, -vis0)
            self._counter += 1
            self._seq[oid] = self._counter
            self._set_hidden(oid, s0, p0, h0, 0)
        elif vis1 != vis0 or h1 != h0:
            self._behind(s0, p0, seq0, vis1 - vis0)
            self._set_hidden(oid, s0, p0, h0, h1)

    def _set_hidden(self, oid: int, side: int, price: int, before: int, after: int) -> None:
        """Order oid's hidden lots go from `before` to `after` at (side, price)."""
        if before == after:
            return
        if after:
            self._hidden[oid] = after
        else:
            self._hidden.pop(oid, None)
        level = self._level_hidden[side]
        total = level.get(price, 0) + after - before
        if total:
            level[price] = total
        else:
            del level[price]

    def _behind(self, side: int, price: int, seq: int, delta: int) -> None:
        """The visible lots of a real order with sequence `seq` at (side,
        price) changed by `delta`: every user order behind it moves."""
        if not delta:
            return
        users = self._user_levels[side].get(price)
        if users is None:
            return
        for u in reversed(users):  # seq order: the ones behind are at the end
            if u.seq < seq:
                break
            u.ahead += delta

    def _clear(self, side: int) -> None:
        """A CLEAR of `side` (or both) or a SNAPSHOT_BEGIN: the real orders
        there leave (their sequences and hidden lots go), and the user orders
        there keep resting with nothing ahead."""
        book = self._book
        for s in (0, 1):
            if side != _SIDE_NONE and side != s:
                continue
            for level in book.levels[s].values():
                for oid in level.orders:
                    del self._seq[oid]
                    self._hidden.pop(oid, None)
            self._level_hidden[s].clear()
            for users in self._user_levels[s].values():
                for u in users:
                    u.ahead = 0

    def _fill_passive(self, side: int, price: int, seq: int, m: int, pending: Dict[int, int]) -> None:
        """A FILL of m market lots of a real order (sequence seq) at (side,
        price): user orders at a better price are traded through (whole),
        those at the same price ahead of it fill m lots."""
        for p, users in self._user_levels[side].items():
            if p < price if side == 1 else p > price:
                for u in users:
                    pending[u.key] = WHOLE
            elif p == price:
                for u in users:
                    if u.seq < seq:  # crossing, checked after, may still make it WHOLE
                        pending[u.key] = m

    def _cross(self, pending: Dict[int, int]) -> None:
        """User orders the opposite side's visible best crosses fill whole at
        their own price: buys at or above the best ask, sells at or below the
        best bid."""
        for side in (0, 1):
            if not self._user_levels[side]:
                continue
            best = self._visible_best(1 - side)
            if best is None:
                continue
            for p, users in self._user_levels[side].items():
                if (p >= best) if side == 0 else (p <= best):
                    for u in users:
                        pending[u.key] = WHOLE

    # -- the user's resting orders -------------------------------------------

    def rest(self, key: int, side: int, price: int, leaves: int) -> int:
        """The user order `key` joins the back of its level (it is not put in
        the book); returns its ahead: the visible lots there."""
        if side not in (0, 1):
            raise E.error_for(E.ERR_INVALID_SIDE)
        if not 0 < leaves <= _MAX_ORDER_LOTS:
            raise E.error_for(E.ERR_INVALID_QUANTITY, "leaves must be in 1..2^53")
        if key in self._users:
            raise E.error_for(E.ERR_DUPLICATE_ORDER_ID, f"user order {key} already rests")
        self._counter += 1
        u = _User(key, side, price, leaves, self._counter, self.visible_lots_at(side, price))
        self._users[key] = u
        self._user_levels[side].setdefault(price, []).append(u)
        return u.ahead

    def remove(self, key: int) -> None:
        """The user order leaves (cancelled, filled, or modified)."""
        u = self._user(key)
        del self._users[key]
        level = self._user_levels[u.side]
        users = level[u.price]
        users.remove(u)
        if not users:
            del level[u.price]

    def reduce(self, key: int, lots: int) -> None:
        """After a partial passive fill: leaves -= lots (0 < lots < leaves;
        a fill of all its leaves is remove()). The order keeps its place and
        its ahead."""
        u = self._user(key)
        if not 0 < lots < u.leaves:
            raise E.error_for(E.ERR_INVALID_QUANTITY, f"reduce by {lots} of an order with {u.leaves} leaves")
        u.leaves -= lots

    def ahead(self, key: int) -> int:
        """The exact visible lots of real orders ahead of user order `key`."""
        return self._user(key).ahead

    def leaves(self, key: int) -> int:
        return self._user(key).leaves

    def _user(self, key: int) -> _User:
        u = self._users.get(key)
        if u is None:
            raise E.error_for(E.ERR_NOT_FOUND, f"no user order {key} rests")
        return u

    # -- a user taker ----------------------------------------------------------

    def take(self, side: int, limit: Optional[int], lots: int, fok: bool = False,
             whole_at_best: bool = False) -> List[TakerFill]:
        """A user taker of `side` (limit None: a market order) for `lots`.

        Walks the visible levels of the other side best first while within
        the limit and, in a level, the real orders in queue order, taking
        min(visible lots of the order, remaining) from each and hiding it;
        returns one (price, lots) per level it took from. fok: nothing is
        taken unless the visible lots within the limit cover `lots` (checked
        first, whatever whole_at_best says). whole_at_best (NoPartial): the
        same walk hides the lots, but the answer is one fill of all `lots`
        at the best visible price within the limit (none if there is no such
        level). The user's own resting orders are not in the book: never
        taken."""
        if side not in (0, 1):
            raise E.error_for(E.ERR_INVALID_SIDE)
        if not 0 < lots <= _MAX_ORDER_LOTS:
            raise E.error_for(E.ERR_INVALID_QUANTITY, "lots must be in 1..2^53")
        other = 1 - side
        if fok and self._visible_within(other, limit, lots) < lots:
            return []
        book = self._book
        levels, hidden, seqs = book.levels[other], self._hidden, self._seq
        level_hidden = self._level_hidden[other]
        fills: List[TakerFill] = []
        remaining = lots
        for k in book.prices[other].keys:
            price = -k if other == 0 else k
            if not _better_or_equal(other, price, limit):
                break
            level = levels[price]
            hidden_here = level_hidden.get(price, 0)
            if level.lots - hidden_here <= 0:
                continue
            taken = 0
            for oid, o in level.orders.items():
                h = hidden.get(oid, 0)
                t = min(o.open - h, remaining)
                if t <= 0:
                    continue
                hidden[oid] = h + t
                self._behind(other, price, seqs[oid], -t)
                taken += t
                remaining -= t
                if remaining == 0:
                    break
            level_hidden[price] = hidden_here + taken
            fills.append((price, taken))
            if remaining == 0:
                break
        if whole_at_best:
            return [(fills[0][0], lots)] if fills else []
        return fills

    def _visible_within(self, side: int, limit: Optional[int], enough: int) -> int:
        """Visible lots of `side` within the limit (counting stops once `enough`)."""
        total = 0
        for k in self._book.prices[side].keys:
            price = -k if side == 0 else k
            if not _better_or_equal(side, price, limit):
                break
            total += self.visible_lots_at(side, price)
            if total >= enough:
                break
        return total

    # -- queries ----------------------------------------------------------------

    def _visible_best(self, side: int) -> Optional[int]:
        levels, level_hidden = self._book.levels[side], self._level_hidden[side]
        for k in self._book.prices[side].keys:
            price = -k if side == 0 else k
            if levels[price].lots > level_hidden.get(price, 0):
                return price
        return None

    def visible_best(self) -> Quote:
        """The best visible bid and ask in ticks and lots (unit fields None)."""
        bid, ask = self._visible_best(0), self._visible_best(1)
        return Quote(bid, 0 if bid is None else self.visible_lots_at(0, bid),
                     ask, 0 if ask is None else self.visible_lots_at(1, ask), None, None, None, None)

    def visible_lots_at(self, side: int, price: int) -> int:
        """Real lots at (side, price) minus the hidden ones."""
        if side not in (0, 1):
            raise E.error_for(E.ERR_INVALID_SIDE)
        level = self._book.levels[side].get(price)
        return 0 if level is None else level.lots - self._level_hidden[side].get(price, 0)

    def visible_depth(self, side: int, levels: Optional[int] = None) -> List[Level]:
        """The levels of `side` with visible lots, best first (up to `levels`):
        price, visible lots, the level's count of real orders (unit fields
        None)."""
        if side not in (0, 1):
            raise E.error_for(E.ERR_INVALID_SIDE)
        out: List[Level] = []
        book_levels = self._book.levels[side]
        for k in self._book.prices[side].keys:
            if levels is not None and len(out) >= levels:
                break
            price = -k if side == 0 else k
            lots = self.visible_lots_at(side, price)
            if lots > 0:
                out.append(Level(price, lots, len(book_levels[price].orders), None, None))
        return out

    def hidden_lots(self, order_id: int) -> int:
        """The lots a user taker took from real order `order_id` that the recording has not used up yet."""
        return self._hidden.get(order_id, 0)

    def checks(self) -> BookChecks:
        """The replayed L3 book's counts (sgx_md_book_checks)."""
        return BookChecks(*self._checks)
