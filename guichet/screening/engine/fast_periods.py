"""Remembered period arithmetic: `Instant.offset`, `Period.offset`, `Period.stop` and
`Period.get_subperiods` answer from a table the second time they are asked the same thing.

openfisca-core 44 recomputes them through pendulum dates every time: one household's screening asks for
some 850,000 instant offsets, of a few hundred distinct months and years ("the 12 months before", "the
first month of", "the end of"), about a fifth of its time. Instants and periods are immutable tuples
and these methods pure functions of their arguments, so a table keyed by (self, arguments) gives the
same objects' values; `get_subperiods` hands out a new list each time, as the stock method does.

`enable()` is called with the engine's other speed-ups when the tax-benefit system loads; `disable()`
restores openfisca-core's methods (plain OpenFisca in the tests and benchmarks runs without them).
"""

from __future__ import annotations

from openfisca_core.periods import Instant, Period

MAX_ENTRIES = 200_000  # a table that outgrows this (it should not: periods are few) starts afresh

_stock = {
    (Instant, "offset"): Instant.__dict__["offset"],
    (Period, "offset"): Period.__dict__["offset"],
    (Period, "get_subperiods"): Period.__dict__["get_subperiods"],
    (Period, "stop"): Period.__dict__["stop"],
}
_tables: dict[str, dict] = {"instant_offset": {}, "period_offset": {}, "subperiods": {}, "stop": {}}


def _remembered(table: dict, key, compute):
    try:
        return table[key]
    except KeyError:
        pass
    value = compute()
    if len(table) >= MAX_ENTRIES:
        table.clear()
    table[key] = value
    return value


def _instant_offset(self, offset, unit):
    stock = _stock[(Instant, "offset")]
    return _remembered(_tables["instant_offset"], (self, offset, unit), lambda: stock(self, offset, unit))


def _period_offset(self, offset, unit=None):
    stock = _stock[(Period, "offset")]
    return _remembered(_tables["period_offset"], (self, offset, unit), lambda: stock(self, offset, unit))


def _get_subperiods(self, unit):
    stock = _stock[(Period, "get_subperiods")]
    return list(_remembered(_tables["subperiods"], (self, unit), lambda: tuple(stock(self, unit))))


def _stop(self):
    stock = _stock[(Period, "stop")].fget
    return _remembered(_tables["stop"], self, lambda: stock(self))


def enable() -> None:
    Instant.offset = _instant_offset
    Period.offset = _period_offset
    Period.get_subperiods = _get_subperiods
    Period.stop = property(_stop)


def disable() -> None:
    for (cls, name), method in _stock.items():
        setattr(cls, name, method)


def is_enabled() -> bool:
    return Period.__dict__["offset"] is not _stock[(Period, "offset")]
