"""The household a screening is about: what a person answers, validated, in plain French when wrong.

One `Household` is what the questionnaire, the API (`parse_household_dict`) and each group of rows of a
batch file (`person_from_fields`) produce; the engine turns it into an OpenFisca-France situation
(`guichet.screening.engine.situation`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ROLES = ("demandeur", "conjoint", "enfant", "autre")
SCOLARITES = ("", "college", "lycee")
# Our names for the housing situation; the engine maps each to OpenFisca-France's
# `statut_occupation_logement` (see engine/situation.py, STATUT_OCCUPATION).
STATUTS_OCCUPATION = (
    "locataire_vide",
    "locataire_meuble",
    "locataire_hlm",
    "locataire_foyer",
    "accedant",
    "proprietaire",
    "heberge_gratuit",
    "sans_domicile",
)
# Who pays a monthly amount for the home: rent, or a loan's repayment for someone buying it.
PAYS_FOR_HOME = ("locataire_vide", "locataire_meuble", "locataire_hlm", "locataire_foyer", "accedant")
MAX_PERSONS = 20
MAX_MONTHLY_AMOUNT = Decimal(1_000_000)
MAX_YEARLY_AMOUNT = Decimal(12_000_000)
DEPCOM_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

PERSON_FIELDS = (
    "role",
    "date_naissance",
    "salaire_net_mensuel",
    "chomage_net_mensuel",
    "retraite_nette_mensuelle",
    "aah_taux_incapacite",
    "salaire_net_annuel_n1",
    "etudiant",
    "scolarite",
)
HOUSEHOLD_FIELDS = ("depcom", "loyer_mensuel", "statut_occupation")
TRUE_WORDS = {"1", "true", "vrai", "oui", "o", "yes", "y", "x"}
FALSE_WORDS = {"", "0", "false", "faux", "non", "n", "no"}


class HouseholdError(ValueError):
    """Invalid answers; `errors` lists French messages, each naming the field."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Person:
    role: str
    date_naissance: datetime.date
    salaire_net_mensuel: Decimal = Decimal(0)
    chomage_net_mensuel: Decimal = Decimal(0)
    retraite_nette_mensuelle: Decimal = Decimal(0)
    aah_taux_incapacite: int = 0
    salaire_net_annuel_n1: Decimal | None = None
    etudiant: bool = False
    scolarite: str = ""

    @property
    def salaire_net_mensuel_n1(self) -> Decimal:
        """Monthly average of last year's net salary (12 x the recent monthly salary when not given)."""
        if self.salaire_net_annuel_n1 is None:
            return self.salaire_net_mensuel
        return self.salaire_net_annuel_n1 / 12


@dataclass(frozen=True)
class Household:
    persons: tuple[Person, ...]
    depcom: str
    loyer_mensuel: Decimal = Decimal(0)
    statut_occupation: str = "locataire_vide"

    def __post_init__(self):
        errors = household_errors(self)
        if errors:
            raise HouseholdError(errors)

    @property
    def demandeur(self) -> Person:
        return next(person for person in self.persons if person.role == "demandeur")


def household_errors(household: Household) -> list[str]:
    errors = []
    roles = [person.role for person in household.persons]
    if not household.persons:
        errors.append("personnes : le foyer doit compter au moins une personne.")
    elif len(household.persons) > MAX_PERSONS:
        errors.append(f"personnes : au plus {MAX_PERSONS} personnes par foyer.")
    if household.persons and roles.count("demandeur") != 1:
        errors.append("role : le foyer doit avoir exactement une personne « demandeur ».")
    if roles.count("conjoint") > 1:
        errors.append("role : le foyer ne peut avoir qu'un seul « conjoint ».")
    if not DEPCOM_RE.match(household.depcom or ""):
        errors.append("depcom : indiquez le code INSEE de la commune, 5 caractères (par exemple 75056).")
    if not (Decimal(0) <= household.loyer_mensuel <= MAX_MONTHLY_AMOUNT):
        errors.append("loyer_mensuel : indiquez un montant positif en euros.")
    if household.statut_occupation not in STATUTS_OCCUPATION:
        errors.append("statut_occupation : choisissez parmi " + ", ".join(STATUTS_OCCUPATION) + ".")
    return errors


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _amount(fields: Mapping, name: str, errors: list[str], *, maximum=MAX_MONTHLY_AMOUNT, optional=False):
    raw = _text(fields.get(name))
    if raw == "":
        return None if optional else Decimal(0)
    try:
        value = Decimal(raw.replace(",", ".").replace(" ", "").replace("\u202f", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.append(f"{name} : « {raw[:30]} » n'est pas un montant (écrivez par exemple 1234.56).")
        return None
    if value < 0 or value > maximum:
        errors.append(f"{name} : le montant doit être positif et au plus {maximum} €.")
        return None
    return value.quantize(Decimal("0.01"))


def _boolean(fields: Mapping, name: str, errors: list[str]) -> bool:
    value = fields.get(name)
    if isinstance(value, bool):
        return value
    raw = _text(value).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    errors.append(f"{name} : répondez oui ou non.")
    return False


def _birth_date(fields: Mapping, errors: list[str], today: datetime.date) -> datetime.date | None:
    value = fields.get("date_naissance")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        parsed = value
    else:
        raw = _text(value)
        try:
            parsed = datetime.date.fromisoformat(raw)
        except ValueError:
            try:
                parsed = datetime.datetime.strptime(raw, "%d/%m/%Y").date()
            except ValueError:
                errors.append(
                    "date_naissance : indiquez une date au format AAAA-MM-JJ ou JJ/MM/AAAA"
                    + (f" (reçu « {raw[:20]} »)." if raw else ".")
                )
                return None
    if not (EARLIEST_BIRTH <= parsed <= today):
        errors.append("date_naissance : la date doit être passée et postérieure à 1900.")
        return None
    return parsed


def parse_disability_rate(raw: str) -> tuple[int, str]:
    """A percentage: `80` for 80 %. A fraction (`0.8`, as OpenFisca writes it) would silently mean 0.8 %:
    it is refused with the way to write it."""
    text = (raw or "").strip().replace(",", ".").removesuffix("%").strip() or "0"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return 0, "indiquez un pourcentage entier entre 0 et 100, par exemple 80."
    if 0 < value < 1:
        return 0, "indiquez un pourcentage : 80 pour 80 %."
    if not 0 <= value <= 100 or value != value.to_integral_value():
        return 0, "indiquez un pourcentage entier entre 0 et 100, par exemple 80."
    return int(value), ""


def person_from_fields(
    fields: Mapping, *, today: datetime.date | None = None
) -> tuple[Person | None, list[str]]:
    """One person from loose fields (strings from a file or JSON values); (person, []) or (None, errors)."""
    errors: list[str] = []
    role = _text(fields.get("role")).lower()
    if role not in ROLES:
        errors.append("role : choisissez parmi " + ", ".join(ROLES) + ".")
    birth = _birth_date(fields, errors, today or datetime.date.today())
    amounts = {
        name: _amount(fields, name, errors)
        for name in ("salaire_net_mensuel", "chomage_net_mensuel", "retraite_nette_mensuelle")
    }
    yearly = _amount(fields, "salaire_net_annuel_n1", errors, maximum=MAX_YEARLY_AMOUNT, optional=True)
    rate, rate_error = parse_disability_rate(_text(fields.get("aah_taux_incapacite")))
    if rate_error:
        errors.append("aah_taux_incapacite : " + rate_error)
    etudiant = _boolean(fields, "etudiant", errors)
    scolarite = _text(fields.get("scolarite")).lower()
    if scolarite not in SCOLARITES:
        errors.append("scolarite : laissez vide ou indiquez college ou lycee.")
    if errors:
        return None, errors
    person = Person(
        role=role,
        date_naissance=birth,
        salaire_net_mensuel=amounts["salaire_net_mensuel"],
        chomage_net_mensuel=amounts["chomage_net_mensuel"],
        retraite_nette_mensuelle=amounts["retraite_nette_mensuelle"],
        aah_taux_incapacite=rate,
        salaire_net_annuel_n1=yearly,
        etudiant=etudiant,
        scolarite=scolarite,
    )
    return person, []


def household_from_fields(fields: Mapping, persons: list[Person]) -> tuple[Household | None, list[str]]:
    """A household from its shared fields and its persons; (household, []) or (None, errors)."""
    errors: list[str] = []
    depcom = _text(fields.get("depcom")).upper()
    if len(depcom) == 4 and depcom.isdigit():
        depcom = "0" + depcom  # spreadsheets drop the leading zero of Ain, Aisne…
    loyer = _amount(fields, "loyer_mensuel", errors)
    statut = _text(fields.get("statut_occupation")).lower() or "locataire_vide"
    if errors:
        return None, errors
    try:
        household = Household(
            persons=tuple(persons), depcom=depcom, loyer_mensuel=loyer, statut_occupation=statut
        )
    except HouseholdError as error:
        return None, error.errors
    return household, []


def parse_household_dict(data: Mapping) -> Household:
    """Our documented JSON format (docs/simulation-droits.md):

    {"depcom": "75056", "loyer_mensuel": "650.00", "statut_occupation": "locataire_vide",
     "personnes": [{"role": "demandeur", "date_naissance": "1985-04-12", "salaire_net_mensuel": "1200"}, …]}

    Amounts may be numbers or strings; "persons" is accepted for "personnes". Raises HouseholdError.
    """
    if not isinstance(data, Mapping):
        raise HouseholdError(["foyer : un objet JSON est attendu."])
    people = data.get("personnes", data.get("persons"))
    if not isinstance(people, list) or not people:
        raise HouseholdError(["personnes : indiquez la liste des personnes du foyer."])
    errors: list[str] = []
    persons = []
    for index, item in enumerate(people, start=1):
        if not isinstance(item, Mapping):
            errors.append(f"personnes[{index}] : un objet JSON est attendu.")
            continue
        person, person_errors = person_from_fields(item)
        errors.extend(f"personnes[{index}].{message}" for message in person_errors)
        if person is not None:
            persons.append(person)
    if errors:
        raise HouseholdError(errors)
    household, household_errors_ = household_from_fields(data, persons)
    if household is None:
        raise HouseholdError(household_errors_)
    return household
