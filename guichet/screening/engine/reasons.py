"""Plain-French reasons, read from OpenFisca-France's own intermediate variables (never our rules)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from guichet.screening.household import PAYS_FOR_HOME


def euros(value) -> str:
    amount = Decimal(str(round(float(value), 2))).quantize(Decimal("0.01"))
    return f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",") + " €"


def _reason_values(arrays, variable, index, person_indexes):
    values = arrays.reasons.get(variable)
    if values is None:
        return None
    if len(values) != len(arrays.monthly) or person_indexes is None:
        return values[index] if len(values) == len(arrays.monthly) else None
    return values[index]


def reasons_for(code: str, arrays, index: int, person_indexes: list[int], household) -> list[str]:
    """One or two reasons for benefit `code` of household `index` of a chunk computed with reasons."""
    amount = float(arrays.monthly[index]) if arrays.yearly is None else float(arrays.yearly[index])
    r = arrays.reasons

    def fam(variable):
        return r[variable][index] if variable in r else None

    def persons(variable):
        return [r[variable][i] for i in person_indexes] if variable in r else []

    if code == "rsa":
        if amount > 0:
            return [
                _("ressources du foyer (%(base)s) en dessous du montant forfaitaire (%(socle)s)")
                % {"base": euros(fam("rsa_base_ressources")), "socle": euros(fam("rsa_socle"))}
            ]
        if not fam("rsa_eligibilite"):
            return [
                _("conditions d'âge ou de situation non remplies (moins de 25 ans sans enfant, étudiant…)")
            ]
        return [
            _("ressources du foyer (%(base)s par mois) au-dessus du montant forfaitaire (%(socle)s)")
            % {"base": euros(fam("rsa_base_ressources")), "socle": euros(fam("rsa_socle"))}
        ]
    if code == "ppa":
        if amount > 0:
            return [
                _("revenus d'activité de %(revenu)s par mois pris en compte")
                % {"revenu": euros(fam("ppa_revenu_activite"))}
            ]
        if fam("ppa_revenu_activite") is not None and float(fam("ppa_revenu_activite")) <= 0:
            return [_("aucun revenu d'activité : la prime d'activité complète des revenus du travail")]
        if not fam("ppa_eligibilite"):
            return [
                _(
                    "conditions d'âge ou de situation non remplies (étudiant ou apprenti aux revenus trop faibles…)"
                )
            ]
        return [
            _("ressources au-dessus du plafond (%(base)s par mois)")
            % {"base": euros(fam("ppa_base_ressources"))}
        ]
    if code == "aides_logement":
        if amount > 0:
            return [
                _("loyer de %(loyer)s pris en compte pour des ressources annuelles de %(base)s")
                % {
                    "loyer": euros(fam("aide_logement_loyer_reel")),
                    "base": euros(fam("aide_logement_base_ressources")),
                }
            ]
        if household.statut_occupation not in PAYS_FOR_HOME or household.loyer_mensuel <= 0:
            return [_("pas de loyer déclaré : les aides au logement dépendent du loyer payé")]
        return [
            _("ressources au-dessus du plafond (%(base)s par an pris en compte)")
            % {"base": euros(fam("aide_logement_base_ressources"))}
        ]
    if code == "aah":
        eligible = persons("aah_eligible")
        if amount > 0:
            return [_("taux d'incapacité reconnu et ressources sous le plafond")]
        if not any(eligible):
            return [_("condition de taux d'incapacité ou d'âge non remplie")]
        bases = [b for b, e in zip(persons("aah_base_ressources_deconjugalisee"), eligible, strict=True) if e]
        plafonds = [
            p for p, e in zip(persons("aah_plafond_ressources_deconjugalise"), eligible, strict=True) if e
        ]
        return [
            _("ressources au-dessus du plafond (%(base)s pour un plafond de %(plafond)s)")
            % {"base": euros(bases[0]), "plafond": euros(plafonds[0])}
        ]
    if code == "aspa":
        if amount > 0:
            return [
                _("ressources du foyer (%(base)s par mois) sous le plafond")
                % {"base": euros(fam("asi_aspa_base_ressources"))}
            ]
        return [
            _("condition d'âge non remplie ou ressources au-dessus du plafond (%(base)s par mois)")
            % {"base": euros(fam("asi_aspa_base_ressources"))}
        ]
    if code == "af":
        children = int(fam("af_nbenf") or 0)
        if amount > 0:
            return [_("%(n)s enfants à charge au sens des allocations familiales") % {"n": children}]
        return [_("il faut au moins deux enfants à charge (%(n)s retenu)") % {"n": children}]
    if code == "asf":
        if amount > 0:
            return [_("parent isolé élevant un enfant privé de l'aide d'un parent")]
        return [_("réservée au parent isolé qui élève seul un enfant sans pension alimentaire")]
    if code == "cf":
        if amount > 0:
            return [
                _("ressources (%(base)s) sous le plafond (%(plafond)s)")
                % {"base": euros(fam("cf_base_ressources")), "plafond": euros(fam("cf_plafond"))}
            ]
        if not fam("cf_eligibilite_base"):
            return [_("il faut au moins trois enfants à charge de 3 ans ou plus")]
        return [
            _("ressources au-dessus du plafond (%(base)s pour un plafond de %(plafond)s)")
            % {"base": euros(fam("cf_base_ressources")), "plafond": euros(fam("cf_plafond"))}
        ]
    if code in ("paje_base", "ars"):
        base = euros(fam("prestations_familiales_base_ressources"))
        if amount > 0:
            return [_("ressources retenues de %(base)s sous le plafond") % {"base": base}]
        if code == "paje_base":
            return [
                _("pas d'enfant de moins de 3 ans ou ressources au-dessus du plafond (%(base)s)")
                % {"base": base}
            ]
        return [
            _("pas d'enfant scolarisé de 6 à 18 ans ou ressources au-dessus du plafond (%(base)s)")
            % {"base": base}
        ]
    if code == "cheque_energie":
        if amount > 0:
            return [_("revenu fiscal par unité de consommation sous le plafond")]
        return [
            _(
                "revenu fiscal de référence au-dessus du plafond, ou pas de logement imposable à la taxe d'habitation"
            )
        ]
    if code == "css":
        base, free_cap, cap = fam("css_cmu_base_ressources"), fam("cmu_c_plafond"), fam("acs_plafond")
        if arrays.free[index]:
            return [
                _("sans participation : ressources annuelles (%(base)s) sous le plafond (%(plafond)s)")
                % {"base": euros(base), "plafond": euros(free_cap)}
            ]
        if arrays.participation[index] > 0:
            return [
                _(
                    "avec une participation de %(p)s par mois : ressources (%(base)s) sous le plafond (%(plafond)s)"
                )
                % {"p": euros(arrays.participation[index]), "base": euros(base), "plafond": euros(cap)}
            ]
        return [
            _("ressources au-dessus du plafond (%(base)s pour un plafond de %(plafond)s)")
            % {"base": euros(base), "plafond": euros(cap)}
        ]
    if code in ("bourse_college", "bourse_lycee"):
        level = "collège" if code == "bourse_college" else "lycée"
        if amount > 0:
            return [_("échelon %(e)s de la bourse") % {"e": int(fam(f"{code}_echelon") or 0)}]
        if not any(
            p.scolarite == ("college" if code == "bourse_college" else "lycee") for p in household.persons
        ):
            return [_("aucun enfant déclaré au %(level)s") % {"level": level}]
        return [_("ressources au-dessus du plafond")]
    return []
