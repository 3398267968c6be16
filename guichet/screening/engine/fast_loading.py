"""A faster load of the tax-benefit system: what openfisca-core parses on every load is remembered on
disk, keyed by the content of the file it came from.

Loading OpenFisca-France takes about 4.8 s of CPU here, and every process that screens pays it (the web
server's first request, each batch worker, the test session). Two thirds of it are parsing that gives the
same result for the same file every time:
- about 2.3 s turning 4,064 parameter YAML files into Python data (PyYAML's constructor is Python code,
  even with libyaml);
- about 1.3 s in `ast.parse` of the 133 variable files, which openfisca-core does only to note where each
  variable's class starts and ends (`introspection_data`; the modules themselves load from their .pyc).

While `cached_loading()` is active, both answer from a table keyed by a hash of the file's bytes: a changed,
added or removed file is parsed as before, and the table is written back (atomically) when something was
missing from it. Each YAML result is stored pickled as it came out of the parser and unpickled afresh on each
use, because openfisca-core changes the data it is given. The class positions are what `ast.parse` would
give for each top-level class (name, first and last line).

The table is a pickle in the screening cache directory (`GUICHET_SCREENING_CACHE_DIR`), which only the
application writes, like Python's own `__pycache__`; an unreadable or corrupt table is ignored and rebuilt.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import os
import pickle
from importlib.metadata import version
from pathlib import Path

FORMAT = 1


def cache_dir() -> Path:
    """Where the plans and the system's load table are kept (GUICHET_SCREENING_CACHE_DIR)."""
    default = Path(__file__).resolve().parents[3] / "var" / "screening-cache"
    return Path(os.environ.get("GUICHET_SCREENING_CACHE_DIR", default))


def cache_path() -> Path:
    versions = "-".join(version(name) for name in ("openfisca-core", "openfisca-france", "PyYAML"))
    return cache_dir() / f"system-load-{FORMAT}-{versions}.pickle"


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class _Table:
    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, bytes] = {}
        self.hits = self.misses = 0
        try:
            with open(path, "rb") as stream:
                loaded = pickle.load(stream)  # noqa: S301 (written by this application only, see above)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
            self.entries = {}

    def get(self, key: str):
        found = self.entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        return pickle.loads(found)  # noqa: S301

    def put(self, key: str, value) -> None:
        self.entries[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        if not self.misses:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            with open(temporary, "wb") as stream:
                pickle.dump(self.entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.path)
        except OSError:
            pass  # a read-only disk only costs the next process the parsing


class _ClassDef:
    """What openfisca-core reads of an `ast.ClassDef`: its name and its first and last lines."""

    __slots__ = ("end_lineno", "lineno", "name")

    def __init__(self, name: str, lineno: int, end_lineno: int):
        self.name, self.lineno, self.end_lineno = name, lineno, end_lineno


class _Module:
    __slots__ = ("body",)

    def __init__(self, body):
        self.body = body


class _AstShim:
    """Stands for the `ast` module inside openfisca_core.taxbenefitsystems.tax_benefit_system."""

    ClassDef = _ClassDef

    def __init__(self, table: _Table):
        self.table = table

    def parse(self, source: str, *args, **kwargs):
        key = "classes:" + _digest(source.encode("utf-8", "surrogatepass"))
        positions = self.table.get(key)
        if positions is None:
            tree = ast.parse(source, *args, **kwargs)
            positions = [(i.name, i.lineno, i.end_lineno) for i in tree.body if isinstance(i, ast.ClassDef)]
            self.table.put(key, positions)
        return _Module([_ClassDef(*position) for position in positions])


def _cached_yaml_loader(table: _Table, stock):
    def load_yaml_file(file_path):
        try:
            content = Path(file_path).read_bytes()
        except OSError:
            return stock(file_path)  # openfisca-core's own error
        key = "yaml:" + _digest(content)
        data = table.get(key)
        if data is None and key not in table.entries:
            data = stock(file_path)  # raises openfisca-core's ParameterParsingError on a bad file
            table.put(key, data)
        return data

    return load_yaml_file


@contextlib.contextmanager
def cached_loading(path: Path | None = None):
    """Within this block, loading a tax-benefit system parses only the files it has not seen before."""
    from openfisca_core.parameters import helpers
    from openfisca_core.taxbenefitsystems import tax_benefit_system as tbs_module

    table = _Table(path or cache_path())
    stock_yaml, stock_ast = helpers._load_yaml_file, tbs_module.ast
    helpers._load_yaml_file = _cached_yaml_loader(table, stock_yaml)
    tbs_module.ast = _AstShim(table)
    try:
        yield table
    finally:
        helpers._load_yaml_file, tbs_module.ast = stock_yaml, stock_ast
    table.save()  # only after a load that went through
