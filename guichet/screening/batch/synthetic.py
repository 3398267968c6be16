"""Synthetic caseloads (deterministic for a seed), for the benchmarks and the smoke tests."""

from __future__ import annotations

import csv
import random
from pathlib import Path

COLUMNS = [
    "household_id",
    "role",
    "date_naissance",
    "salaire_net_mensuel",
    "chomage_net_mensuel",
    "retraite_nette_mensuelle",
    "aah_taux_incapacite",
    "salaire_net_annuel_n1",
    "etudiant",
    "scolarite",
    "depcom",
    "loyer_mensuel",
    "statut_occupation",
]
COMMUNES = [
    "75056",
    "69123",
    "13055",
    "31555",
    "59350",
    "33063",
    "67482",
    "44109",
    "2A004",
    "97411",
    "01053",
    "23096",
]
STATUTS = ["locataire_vide"] * 5 + ["locataire_meuble", "proprietaire", "proprietaire", "heberge_gratuit"]


def _birth(rng, year, age):
    month = rng.randint(1, 12 if age else 10)
    return f"{year - age}-{month:02d}-{rng.randint(1, 28):02d}"


def _adult(rng, role, year):
    age = rng.choice([rng.randint(18, 29), rng.randint(30, 59), rng.randint(30, 59), rng.randint(60, 90)])
    kind = rng.random()
    salary = chomage = retraite = 0
    if age >= 62 and kind < 0.85:
        retraite = rng.randint(300, 2500)
    elif kind < 0.55:
        salary = rng.randint(200, 3500)
    elif kind < 0.75:
        chomage = rng.randint(300, 1800)
    return {
        "role": role,
        "date_naissance": _birth(rng, year, age),
        "salaire_net_mensuel": salary,
        "chomage_net_mensuel": chomage,
        "retraite_nette_mensuelle": retraite,
        "aah_taux_incapacite": rng.choice([0] * 18 + [50, 80]),
        "salaire_net_annuel_n1": "" if rng.random() < 0.7 else rng.randint(0, 40000),
        "etudiant": "oui" if age < 26 and rng.random() < 0.3 else "",
        "scolarite": "",
    }


def _child(rng, year):
    age = rng.randint(0, 20)
    scolarite = "college" if 11 <= age <= 14 else "lycee" if 15 <= age <= 17 else ""
    return {
        "role": "enfant",
        "date_naissance": _birth(rng, year, age),
        "salaire_net_mensuel": 0,
        "chomage_net_mensuel": 0,
        "retraite_nette_mensuelle": 0,
        "aah_taux_incapacite": 0,
        "salaire_net_annuel_n1": "",
        "etudiant": "",
        "scolarite": scolarite,
    }


def synthetic_rows(households: int, *, seed: int = 0, year: int = 2026):
    """Rows (dicts of COLUMNS), one per person, households contiguous; about 2.4 persons per household."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    for index in range(households):
        statut = rng.choice(STATUTS)
        shared = {
            "household_id": f"F{index:07d}",
            "depcom": rng.choice(COMMUNES),
            "loyer_mensuel": rng.randint(250, 1200) if statut.startswith("locataire") else 0,
            "statut_occupation": statut,
        }
        persons = [_adult(rng, "demandeur", year)]
        if rng.random() < 0.45:
            persons.append(_adult(rng, "conjoint", year))
        persons.extend(_child(rng, year) for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 2, 3, 4])))
        if rng.random() < 0.03:
            persons.append(_adult(rng, "autre", year))
        for person in persons:
            yield {**shared, **person}


def write_synthetic(path, households: int, *, seed: int = 0) -> int:
    """Write a caseload of `households` to `path` (CSV or Parquet by extension); returns rows written."""
    path = Path(path)
    rows = 0
    if path.suffix.lower() == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            for row in synthetic_rows(households, seed=seed):
                writer.writerow(row)
                rows += 1
        return rows
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    batch = []

    def flush():
        nonlocal writer
        table = pa.table({name: [str(row[name]) for row in batch] for name in COLUMNS})
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        batch.clear()

    for row in synthetic_rows(households, seed=seed):
        batch.append(row)
        rows += 1
        if len(batch) >= 50000:
            flush()
    if batch or writer is None:
        flush()
    writer.close()
    return rows
