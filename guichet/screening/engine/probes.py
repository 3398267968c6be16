"""The probe households of the prefill plan (prefill.py): varied enough that whatever a household can vary
is never taken for a constant. A situation outside their shape does not use the plan (native.py)."""

import datetime
from decimal import Decimal


def probe_households():
    from guichet.screening.household import Household, Person

    d = datetime.date
    return [
        Household(
            persons=(
                Person("demandeur", d(1984, 5, 2), salaire_net_mensuel=Decimal(1450)),
                Person("conjoint", d(1986, 9, 30), chomage_net_mensuel=Decimal(800), aah_taux_incapacite=80),
                Person("enfant", d(2011, 2, 1), scolarite="college"),
                Person("enfant", d(2008, 7, 14), scolarite="lycee"),
                Person("enfant", d(2024, 1, 5)),
                Person("autre", d(1950, 3, 3), retraite_nette_mensuelle=Decimal(700)),
            ),
            depcom="69123",
            loyer_mensuel=Decimal(720),
        ),
        Household(
            persons=(Person("demandeur", d(1957, 1, 1), retraite_nette_mensuelle=Decimal(600)),),
            depcom="13055",
            statut_occupation="proprietaire",
        ),
        Household(
            persons=(
                Person("demandeur", d(2003, 4, 4), salaire_net_mensuel=Decimal(500), etudiant=True),
                Person("enfant", d(2022, 6, 6)),
            ),
            depcom="97411",
            loyer_mensuel=Decimal(400),
            statut_occupation="locataire_meuble",
        ),
        Household(
            persons=(
                Person(
                    "demandeur", d(1975, 12, 12), aah_taux_incapacite=60, salaire_net_annuel_n1=Decimal(3000)
                ),
            ),
            depcom="01053",
            statut_occupation="heberge_gratuit",
        ),
        # every housing status a household can declare, so that nothing that depends on it is a constant
        *(
            Household(
                persons=(Person("demandeur", d(1990, 1, 1), salaire_net_mensuel=Decimal(900)),),
                depcom="33063",
                loyer_mensuel=Decimal(500),
                statut_occupation=statut,
            )
            for statut in ("locataire_hlm", "locataire_foyer", "accedant", "locataire_vide", "sans_domicile")
        ),
    ]


def age_probe_households(period: str):
    """Persons of every age a household can declare (born from 1900 to the screening year), in every role,
    born in every month of the year: the uniformity check then sees every age in every position.

    The probes must vary whatever a household can vary without an input below it: ages (read from the
    date of birth) and the composition (OpenFisca-France reads roles, not inputs: `nbJ`, the foyer's adult
    dependants, is zero on any probe set without an "enfant" over 18, and was wrongly taken as constant)."""
    from guichet.screening.household import EARLIEST_BIRTH, MAX_PERSONS, Household, Person

    year = int(period[:4])
    ages = list(range(0, year - EARLIEST_BIRTH.year + 1))

    def born(age: int) -> datetime.date:
        return datetime.date(year - age, 1 + age % 12, 1 + age % 28)

    households = []
    size = MAX_PERSONS - 1
    for role in ("enfant", "autre"):  # dependants and other members of every age, minors and adults
        for start in range(0, len(ages), size):  # many together (counts, sums)
            persons = [Person("demandeur", datetime.date(1980, 6, 15))]
            persons += [Person(role, born(age)) for age in ages[start : start + size]]
            households.append(Household(persons=tuple(persons), depcom="75056"))
        for age in ages:  # and each alone with a demandeur (the youngest, the eldest…)
            households.append(
                Household(persons=(Person("demandeur", born(40)), Person(role, born(age))), depcom="75056")
            )
    # a child born in every month from three years before the screening year to its end, each the only
    # child: OpenFisca reads a pregnancy (`enceinte_fam`) in the months before the youngest child's birth
    for month in range(48):
        birth = datetime.date(year - 3 + month // 12, 1 + month % 12, 1 + month % 28)
        households.append(
            Household(persons=(Person("demandeur", born(30)), Person("enfant", birth)), depcom="75056")
        )
    for age in ages:  # a demandeur of every age, alone, and in a couple with a conjoint of another age
        households.append(Household(persons=(Person("demandeur", born(age)),), depcom="75056"))
        partner = born((age + 37) % len(ages))
        households.append(
            Household(persons=(Person("demandeur", born(age)), Person("conjoint", partner)), depcom="75056")
        )
    return households
