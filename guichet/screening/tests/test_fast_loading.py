"""The parsing cache of the tax-benefit system's load (engine/fast_loading.py): the same system, files
that changed parsed again, a broken table ignored, openfisca-core's errors unchanged."""

import pickle
import textwrap

import pytest
from openfisca_core.errors import ParameterParsingError
from openfisca_core.parameters import helpers, load_parameter_file
from openfisca_core.taxbenefitsystems import tax_benefit_system as tbs_module

from guichet.screening.engine import fast_loading


def _parameters(directory):
    return load_parameter_file(str(directory), name="racine")


def _write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def parameter_dir(tmp_path):
    directory = tmp_path / "parametres"
    directory.mkdir()
    _write(
        directory / "plafond.yaml", "values:\n  2020-01-01:\n    value: 100\n  2024-01-01:\n    value: 120\n"
    )
    _write(directory / "taux.yaml", "values:\n  2020-01-01:\n    value: 0.5\n")
    return directory


def test_second_load_comes_from_the_table_and_gives_the_same_parameters(tmp_path, parameter_dir):
    table_path = tmp_path / "table.pickle"
    with fast_loading.cached_loading(table_path) as first:
        fresh = _parameters(parameter_dir)
    assert first.misses == 2 and first.hits == 0
    assert table_path.exists()
    with fast_loading.cached_loading(table_path) as second:
        cached = _parameters(parameter_dir)
    assert second.hits == 2 and second.misses == 0
    assert repr(cached) == repr(fresh) == repr(_parameters(parameter_dir))
    assert cached.plafond("2025-01-01") == 120


def test_a_changed_file_is_parsed_again(tmp_path, parameter_dir):
    table_path = tmp_path / "table.pickle"
    with fast_loading.cached_loading(table_path):
        _parameters(parameter_dir)
    _write(
        parameter_dir / "plafond.yaml",
        "values:\n  2020-01-01:\n    value: 100\n  2024-01-01:\n    value: 150\n",
    )
    with fast_loading.cached_loading(table_path) as table:
        parameters = _parameters(parameter_dir)
    assert (table.hits, table.misses) == (1, 1)
    assert parameters.plafond("2025-01-01") == 150


def test_each_use_gets_its_own_copy_of_the_data(tmp_path, parameter_dir):
    with fast_loading.cached_loading(tmp_path / "table.pickle"):
        first = helpers._load_yaml_file(str(parameter_dir / "plafond.yaml"))
        first["values"].clear()  # openfisca-core changes what it is given
        second = helpers._load_yaml_file(str(parameter_dir / "plafond.yaml"))
    assert len(second["values"]) == 2


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", pickle.dumps(["a", "list"])])
def test_a_broken_table_is_ignored_and_rebuilt(tmp_path, parameter_dir, garbage):
    table_path = tmp_path / "table.pickle"
    table_path.write_bytes(garbage)
    with fast_loading.cached_loading(table_path) as table:
        parameters = _parameters(parameter_dir)
    assert table.misses == 2
    assert parameters.taux("2021-01-01") == 0.5
    with fast_loading.cached_loading(table_path) as table:
        _parameters(parameter_dir)
    assert table.hits == 2


def test_bad_yaml_raises_openfisca_error_and_is_not_remembered(tmp_path, parameter_dir):
    _write(parameter_dir / "casse.yaml", "values: [\n")
    table_path = tmp_path / "table.pickle"
    with pytest.raises(ParameterParsingError), fast_loading.cached_loading(table_path):
        _parameters(parameter_dir)
    assert not table_path.exists()  # a load that failed writes nothing


def test_stock_functions_are_restored_after_the_block(tmp_path):
    stock_yaml, stock_ast = helpers._load_yaml_file, tbs_module.ast
    with pytest.raises(RuntimeError), fast_loading.cached_loading(tmp_path / "table.pickle"):
        assert helpers._load_yaml_file is not stock_yaml
        raise RuntimeError
    assert helpers._load_yaml_file is stock_yaml and tbs_module.ast is stock_ast


def test_class_positions_are_those_of_ast(tmp_path):
    source = "import x\n\nclass A:\n    pass\n\n\ndef f():\n    pass\n\nclass B(A):\n    a = 1\n    b = 2\n"
    import ast

    expected = [
        (c.name, c.lineno, c.end_lineno) for c in ast.parse(source).body if isinstance(c, ast.ClassDef)
    ]
    table = fast_loading._Table(tmp_path / "table.pickle")
    shim = fast_loading._AstShim(table)
    for _ in range(2):  # computed, then remembered
        tree = shim.parse(source)
        assert [
            (c.name, c.lineno, c.end_lineno) for c in tree.body if isinstance(c, shim.ClassDef)
        ] == expected
    assert (table.hits, table.misses) == (1, 1)


def test_openfisca_france_loads_the_same_through_the_table(tmp_path, openfisca_system):
    """The whole OpenFisca-France system, loaded from a filled table, against a stock load: every
    parameter (values, brackets, metadata through repr) and every variable's source position."""
    from openfisca_france import FranceTaxBenefitSystem

    table_path = tmp_path / "table.pickle"
    with fast_loading.cached_loading(table_path):
        FranceTaxBenefitSystem()  # fills the table
    with fast_loading.cached_loading(table_path) as table:
        cached = FranceTaxBenefitSystem()
    assert table.misses == 0 and table.hits > 4000
    stock = FranceTaxBenefitSystem()
    assert repr(cached.parameters) == repr(stock.parameters)
    assert set(cached.variables) == set(stock.variables)
    for name, variable in stock.variables.items():
        assert cached.variables[name].introspection_data == variable.introspection_data, name
