"""Hostile query strings on every HTML page: no server error, on SQLite and on PostgreSQL (CI).

Every GET route of the permission matrix is opened by a role allowed to see it, with query strings made
of the parameters the views read (found in the code, so a new one is fuzzed too) and values chosen to
break parsing: words where numbers or identifiers are expected, years out of range, very long text,
control characters, several values for one key. A page may refuse (4xx, in French) but never fail.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from guichet.core.tests.test_permission_matrix import OK, RULES, _client, site_routes, world  # noqa: F401

REPO = Path(__file__).resolve().parents[3]
EXAMPLES_PER_ROUTE = int(os.environ.get("FUZZ_EXAMPLES", "4"))


def _query_keys() -> list[str]:
    """Parameters the views read from the query string or through GET forms."""
    keys = {"page", "next", "q"}
    for path in (REPO / "guichet").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r'GET\.get\("([a-z_]+)"', text))
        keys |= set(re.findall(r'params\.get\("([a-z_]+)"', text))
        if "request.GET or None" in text or "(request.GET" in text:
            forms_module = path.with_name("forms.py")
            if forms_module.exists():
                keys |= set(re.findall(r"^    ([a-z_]+) = forms\.", forms_module.read_text(), re.M))
    return sorted(keys)


QUERY_KEYS = _query_keys()
HOSTILE = st.sampled_from(
    [
        "abc",
        "1900",
        "1900-01",
        "0000-00-00",
        "2026-13",
        "-1",
        "99999999999999999999",
        "1e309",
        "NaN",
        "00000000-0000-0000-0000-000000000000",
        "' OR 1=1 --",
        "<script>",
        "é" * 300,
        "x" * 5000,
        "\t\r\n",
        "%00",
        "",
    ]
)
QUERIES = st.lists(
    st.tuples(st.sampled_from(QUERY_KEYS), HOSTILE | st.text(max_size=30).filter(lambda t: "\x00" not in t)),
    min_size=1,
    max_size=4,
)


def _allowed_role(expected: dict) -> str | None:
    for role in ("agent", "responsable", "aidant", "usager_a", "analyste", "anonymous"):
        if expected.get(role) == OK:
            return role
    return None


GET_ROUTES = [(name, pattern) for name, pattern in site_routes() if RULES[name][0] == "get"]


@pytest.mark.parametrize("name,pattern", GET_ROUTES, ids=[n for n, _ in GET_ROUTES])
def test_no_query_string_makes_a_page_fail(world, name, pattern):  # noqa: F811
    role = _allowed_role(RULES[name][1])
    if role is None:
        pytest.skip("personne ne voit cette page")
    kwargs = {k: v for k, v in world["kwargs"].items() if f"<{k}>" in pattern or f":{k}>" in pattern}
    if name in world["actions"]:
        kwargs["action"] = world["actions"][name]
    url = reverse(name, kwargs=kwargs)
    client = _client(world, role)

    # Every parameter at once with a word, a year out of range, and text longer than any column, then random.
    @given(query=QUERIES)
    @example(query=[(key, "abc") for key in QUERY_KEYS])
    @example(query=[(key, "1900-01") for key in QUERY_KEYS])
    @example(query=[(key, "x" * 300) for key in QUERY_KEYS])
    @settings(max_examples=EXAMPLES_PER_ROUTE, deadline=None, suppress_health_check=list(HealthCheck))
    def run(query):
        with transaction.atomic():
            response = client.get(f"{url}?{urlencode(query)}")
            transaction.set_rollback(True)
        assert response.status_code < 500, (url, query)

    run()
