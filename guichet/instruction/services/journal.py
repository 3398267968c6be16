"""The instruction module's entries in the tamper-evident journal: about a dossier, or about a procedure's
set-up (groups, rules, ready-made replies). Actions are « instruction.<what> »."""

from guichet.core.journal import record


def about_dossier(what: str, *, dossier, actor, data=None):
    return record(
        action=f"instruction.{what}",
        actor=actor,
        organisation_id=dossier.organisation_id,
        subject_type="dossier",
        subject_id=str(dossier.pk),
        data=data or {},
    )


def about_procedure(what: str, *, procedure, actor, data=None):
    return record(
        action=f"instruction.{what}",
        actor=actor,
        organisation_id=procedure.organisation_id,
        subject_type="demarche",
        subject_id=str(procedure.pk),
        data=data or {},
    )
