"""The benefits a screening covers, each with its OpenFisca-France variable, entity and period.

`period_kind` says how the variable is computed and read:
- "month": computed on the screening month, the value is a monthly amount;
- "month_yearly_amount": computed on the screening month, the value is a yearly amount (bourses: OpenFisca
  defines them monthly but labels them « Montant annuel »), shown /12 with `yearly_amount` set;
- "year": computed on the calendar year of the screening month, a yearly amount, shown /12;
- "coverage": not money paid to the household (complémentaire santé solidaire): `variable` is the free
  coverage eligibility (bool), `participation_variable` the monthly participation when it is not free.

Labels and reasons are French; the engine reads `reason_variables` to explain a result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Benefit:
    code: str
    label: str
    variable: str
    entity: str
    period_kind: str
    participation_variable: str = ""
    # OpenFisca variables (same entity as `variable` unless noted in the engine) read to explain a result.
    reason_variables: tuple[str, ...] = field(default=())

    @property
    def is_yearly(self) -> bool:
        return self.period_kind in ("year", "month_yearly_amount")


_BENEFITS = (
    Benefit("rsa", _("Revenu de solidarité active (RSA)"), "rsa", "famille", "month",
            reason_variables=("rsa_eligibilite", "rsa_base_ressources", "rsa_socle")),
    Benefit("ppa", _("Prime d'activité"), "ppa", "famille", "month",
            reason_variables=("ppa_eligibilite", "ppa_revenu_activite", "ppa_base_ressources")),
    Benefit("aides_logement", _("Aides au logement (APL, ALF, ALS)"), "aide_logement", "famille", "month",
            reason_variables=("aide_logement_base_ressources", "aide_logement_loyer_reel")),
    Benefit("aah", _("Allocation aux adultes handicapés (AAH)"), "aah", "individu", "month",
            reason_variables=("aah_eligible", "aah_base_ressources_deconjugalisee", "aah_plafond_ressources_deconjugalise")),
    Benefit("aspa", _("Allocation de solidarité aux personnes âgées (ASPA)"), "aspa", "famille", "month",
            reason_variables=("asi_aspa_base_ressources",)),
    Benefit("af", _("Allocations familiales"), "af", "famille", "month", reason_variables=("af_nbenf",)),
    Benefit("asf", _("Allocation de soutien familial (ASF)"), "asf", "famille", "month",
            reason_variables=("asf_elig",)),
    Benefit("cf", _("Complément familial"), "cf", "famille", "month",
            reason_variables=("cf_eligibilite_base", "cf_base_ressources", "cf_plafond")),
    Benefit("paje_base", _("Allocation de base de la PAJE"), "paje_base", "famille", "month",
            reason_variables=("prestations_familiales_base_ressources",)),
    Benefit("ars", _("Allocation de rentrée scolaire"), "ars", "famille", "year",
            reason_variables=("prestations_familiales_base_ressources",)),
    Benefit("cheque_energie", _("Chèque énergie"), "cheque_energie", "menage", "year",
            reason_variables=("cheque_energie_unites_consommation",)),
    Benefit("css", _("Complémentaire santé solidaire"), "cmu_c", "famille", "coverage",
            participation_variable="css_participation_forfaitaire",
            reason_variables=("css_cmu_base_ressources", "cmu_c_plafond", "acs_plafond")),
    Benefit("bourse_college", _("Bourse de collège"), "bourse_college", "famille", "month_yearly_amount",
            reason_variables=("bourse_college_echelon",)),
    Benefit("bourse_lycee", _("Bourse de lycée"), "bourse_lycee", "famille", "month_yearly_amount",
            reason_variables=("bourse_lycee_echelon",)),
)  # fmt: skip

BENEFITS: dict[str, Benefit] = {benefit.code: benefit for benefit in _BENEFITS}
# OpenFisca-France's own variable names accepted for our codes (`aide_logement` for `aides_logement`).
ALIASES: dict[str, str] = {b.variable: b.code for b in _BENEFITS if b.variable not in BENEFITS}


def canonical_codes(codes) -> tuple[list[str], list[str]]:
    """Our codes for `codes` given as ours or as OpenFisca-France variable names, in the order given,
    without repeats; and the unknown ones."""
    found, unknown = [], []
    for code in codes:
        canonical = code if code in BENEFITS else ALIASES.get(code)
        if canonical is None:
            unknown.append(code)
        elif canonical not in found:
            found.append(canonical)
    return found, unknown


# The five the caseload benchmark targets (issue 6).
CORE_BATCH_BENEFITS = ("rsa", "ppa", "aides_logement", "af", "aah")


def parse_benefit_codes(value: str | None) -> list[str]:
    """ "rsa,ppa" -> ["rsa", "ppa"]; empty -> every benefit. Raises ValueError with a French message."""
    if not value:
        return list(BENEFITS)
    codes, unknown = canonical_codes(code.strip() for code in value.split(",") if code.strip())
    if unknown:
        raise ValueError(
            f"Prestation inconnue : {', '.join(unknown)}. Codes possibles : {', '.join(BENEFITS)}."
        )
    return codes
