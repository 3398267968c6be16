"""manage.py screen: a caseload file, one situation in JSON, and its documentation matches --help."""

import csv
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from guichet.screening.household import HOUSEHOLD_FIELDS, PERSON_FIELDS
from guichet.screening.management.commands.screen import Command
from guichet.screening.tests.households import PERIOD

DOC = Path(__file__).resolve().parents[3] / "docs" / "simulation-droits.md"


def test_every_option_of_help_is_documented_and_every_documented_option_exists():
    parser = Command().create_parser("manage.py", "screen")
    ours = {
        option for action in parser._actions for option in action.option_strings if option.startswith("--")
    }
    ours -= {"--help", "--version", "--verbosity", "--settings", "--pythonpath", "--traceback", "--no-color",
             "--force-color", "--skip-checks"}  # fmt: skip
    text = DOC.read_text()
    documented = set(re.findall(r"`(--[a-z-]+)`", text))
    assert ours == documented
    assert all(option in parser.format_help() for option in documented)


def test_every_input_column_is_documented():
    text = DOC.read_text()
    for column in ("household_id", *PERSON_FIELDS, *HOUSEHOLD_FIELDS):
        assert f"`{column}`" in text, column


def test_a_caseload_file_gives_one_row_per_household(tmp_path, openfisca_system):
    source = tmp_path / "foyers.csv"
    source.write_text(
        "household_id;role;date_naissance;salaire_net_mensuel;depcom;loyer_mensuel\n"
        "A;demandeur;1990-01-01;800,50;75056;600\n"
        "A;enfant;2016-01-01;;75056;600\n"
        "B;demandeur;1990-02-30;0;75056;600\n"
    )
    out = tmp_path / "resultats.csv"
    stdout = StringIO()
    call_command(
        "screen",
        str(source),
        "--out",
        str(out),
        "--period",
        PERIOD,
        "--benefits",
        "rsa,ppa,aides_logement,af,aah",
        stdout=stdout,
    )
    lines = out.read_text().splitlines()
    assert lines[0] == "household_id,rsa,ppa,aides_logement,af,aah,total"
    assert len(lines) == 2 and lines[1].startswith("A,")
    assert "1 lignes invalides" in stdout.getvalue()
    assert Path(str(out) + ".errors.csv").read_text().splitlines()[1].startswith("4,B,date_naissance")


def test_one_situation_in_our_format_prints_json(tmp_path, openfisca_system):
    situation = tmp_path / "foyer.json"
    situation.write_text(
        json.dumps(
            {
                "depcom": "69123",
                "loyer_mensuel": 500,
                "personnes": [{"role": "demandeur", "date_naissance": "1980-01-01"}],
            }
        )
    )
    stdout = StringIO()
    call_command(
        "screen",
        "--situation",
        str(situation),
        "--period",
        PERIOD,
        "--benefits",
        "rsa,aides_logement",
        stdout=stdout,
    )
    result = json.loads(stdout.getvalue())
    assert [b["code"] for b in result["benefits"]] == ["rsa", "aides_logement"]
    assert float(result["benefits"][0]["monthly_amount"]) > 0
    assert result["openfisca_france_version"].startswith("176.")


def test_a_native_openfisca_situation_gives_amounts_per_entity(tmp_path, openfisca_system):
    native = {
        "individus": {"alice": {"date_naissance": {"ETERNITY": "1980-01-01"}}},
        "familles": {"f": {"parents": ["alice"]}},
        "foyers_fiscaux": {"ff": {"declarants": ["alice"]}},
        "menages": {
            "m": {"personne_de_reference": ["alice"], "depcom": {PERIOD: "75056"}, "loyer": {PERIOD: 600}}
        },
    }
    situation = tmp_path / "native.json"
    situation.write_text(json.dumps({"openfisca_situation": native, "period": PERIOD}))
    stdout = StringIO()
    call_command("screen", "--situation", str(situation), "--benefits", "rsa,aah", stdout=stdout)
    result = json.loads(stdout.getvalue())
    assert set(result["benefits"]["rsa"]["per_entity"]) == {"f"}
    assert set(result["benefits"]["aah"]["per_entity"]) == {"alice"}


def test_wrong_arguments_are_explained_in_french(tmp_path):
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("screen", "x.csv", "--out", "y.csv", "--period", "2026-13")
    with pytest.raises(CommandError, match="Prestation inconnue"):
        call_command("screen", "x.csv", "--out", "y.csv", "--benefits", "rsa,loto")
    with pytest.raises(CommandError, match="--situation"):
        call_command("screen")
    bad = tmp_path / "foyer.json"
    bad.write_text(
        json.dumps({"depcom": "1", "personnes": [{"role": "enfant", "date_naissance": "2010-01-01"}]})
    )
    with pytest.raises(CommandError, match="demandeur"):
        call_command("screen", "--situation", str(bad))


def test_the_progress_line_fits_the_terminal_and_says_how_far():
    from guichet.screening.management.commands.screen import progress_line

    line = progress_line(5, 20, 60)
    assert line.startswith("[##########") and "25%" in line and "5/20 lignes" in line
    assert len(line) <= 60
    assert "100%" in progress_line(0, 0)


def test_the_dask_engine_does_not_fill_the_terminal_with_its_own_logs(tmp_path):
    """A real `manage.py screen --engine dask` (its own process, so the workers' output is seen too):
    our French summary, and none of dask.distributed's INFO lines about its scheduler and workers."""
    import subprocess
    import sys

    source = tmp_path / "foyers.csv"
    source.write_text("household_id,role,date_naissance,depcom\nA,demandeur,1990-01-01,75056\n")
    done = subprocess.run(
        [sys.executable, "manage.py", "screen", str(source), "--out", str(tmp_path / "r.csv"),
         "--period", PERIOD, "--benefits", "rsa", "--engine", "dask", "--workers", "1"],
        cwd=Path(__file__).resolve().parents[3], capture_output=True, text=True, timeout=180, check=True,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert "1 foyers calculés" in output or "1 foyer calculé" in output, output
    for chatter in ("Scheduler at", "Start Nanny", "Register worker", "Starting worker compute stream"):
        assert chatter not in output, output


def test_caseload_results_and_errors_never_echo_a_formula(tmp_path, openfisca_system):
    source = tmp_path / "foyers.csv"
    source.write_text(
        "household_id;role;date_naissance;salaire_net_mensuel;depcom;loyer_mensuel\n"
        '"=HYPERLINK(""http://x.example"")";demandeur;1990-01-01;800;75056;600\n'
        "@SUM(1+1);demandeur;1990-02-30;0;75056;600\n",
        encoding="utf-8",
    )
    out = tmp_path / "resultats.csv"
    call_command("screen", str(source), "--out", str(out), "--period", PERIOD, "--benefits", "rsa")
    results = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert results[1][0] == '\'=HYPERLINK("http://x.example")'
    errors = list(csv.reader(Path(str(out) + ".errors.csv").read_text(encoding="utf-8").splitlines()))
    assert errors[1][1] == "'@SUM(1+1)"
