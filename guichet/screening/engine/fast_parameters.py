"""Fancy indexing of OpenFisca parameters by unique key, not by element (same values, far fewer steps).

`parameters(period).…[zone_apl]` (a parameter node indexed by an array of keys) builds, in openfisca-core
44, one Python node per element of the array and walks each of them for every further attribute:
O(households) Python work per access, which dominated our vectorised simulations of 10,000 households.
Keys take a handful of distinct values (zones, household sizes), so we index the unique keys once and
keep the inverse map: the arrays returned are element for element those openfisca-core returns.

`enable()` is called by the engine when it loads the tax-benefit system; `disabled()` restores the stock
behaviour (the reference computations of the tests and benchmarks run under it).
"""

from __future__ import annotations

import contextlib

import numpy as np
from openfisca_core import parameters
from openfisca_core.parameters import VectorialParameterNodeAtInstant

_stock = VectorialParameterNodeAtInstant.__dict__["build_from_node_name"]


class UniqueKeyVectorialNode(VectorialParameterNodeAtInstant):
    """A vectorial node stored as its distinct sub-nodes and, per element, the index of its sub-node."""

    def __init__(self, unique_nodes, inverse, name, instant_str) -> None:
        self._unique = unique_nodes
        self._inverse = inverse
        self._name = name
        self._instant_str = instant_str

    @property
    def vector(self):
        return [self._unique[index] for index in self._inverse]

    def __getitem__(self, key):
        if isinstance(key, str):
            return _from_unique(self, [node[key] for node in self._unique], self._inverse)
        return VectorialParameterNodeAtInstant.__getitem__(self, key)


def _from_unique(node, nodes, inverse):
    if isinstance(nodes[0], parameters.ParameterNodeAtInstant):
        return UniqueKeyVectorialNode(nodes, inverse, node._name, node._instant_str)
    return np.array(nodes)[inverse]


_vectorisable: dict[int, object] = {}  # id -> node checked (kept, so that its id is never reused)


def _check_vectorisable(node) -> None:
    """openfisca-core's check walks the whole node (120 µs); a node at an instant never changes, and
    the system keeps its nodes by instant, so a node that passed once passes again."""
    if _vectorisable.get(id(node)) is node:
        return
    VectorialParameterNodeAtInstant.check_node_vectorisable(node)
    if len(_vectorisable) >= 10_000:
        _vectorisable.clear()
    _vectorisable[id(node)] = node


def _build_from_node_name(node, key):
    _check_vectorisable(node)
    keys = np.asarray(VectorialParameterNodeAtInstant._get_appropriate_keys(key))
    if keys.dtype == object or keys.ndim != 1 or len(keys) == 0:
        return _stock.__func__(node, key)
    unique, inverse = np.unique(keys, return_inverse=True)
    get_subnode_key = VectorialParameterNodeAtInstant._get_appropriate_subnode_function(unique[0])
    return _from_unique(node, [node[get_subnode_key(node, k)] for k in unique], inverse)


def enable() -> None:
    VectorialParameterNodeAtInstant.build_from_node_name = staticmethod(_build_from_node_name)


def disable() -> None:
    VectorialParameterNodeAtInstant.build_from_node_name = _stock


@contextlib.contextmanager
def disabled():
    """Plain openfisca-core for the duration: this module's indexing and the remembered period
    arithmetic (fast_periods.py) both off, then restored as they were."""
    from guichet.screening.engine import fast_periods

    was_enabled = VectorialParameterNodeAtInstant.__dict__["build_from_node_name"] is not _stock
    periods_were_enabled = fast_periods.is_enabled()
    disable()
    fast_periods.disable()
    try:
        yield
    finally:
        if was_enabled:
            enable()
        if periods_were_enabled:
            fast_periods.enable()
