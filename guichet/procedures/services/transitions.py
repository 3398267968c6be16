"""The transitions of a dossier's life, one service each, all through `common.transition`."""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures import definition as defn
from guichet.procedures import receipts, selectors
from guichet.procedures.models import (
    CorrectionRequest,
    Dossier,
    DossierState,
    IssuedReceipt,
    NotifyBy,
    PieceLater,
)
from guichet.procedures.services import deadlines
from guichet.procedures.services.common import lock_dossier, snapshot_answers, transition
from guichet.procedures.services.notify import notify_usager


def submission_problems(dossier: Dossier) -> list[tuple[str, str, str]]:
    """What still prevents the deposit: (place, label, French message)."""
    version_definition = dossier.procedure_version.definition
    problems = defn.missing_or_invalid(version_definition, dossier.answers)
    present = set(dossier.attachments.values_list("slot", flat=True))
    for slot in defn.slots(version_definition):
        if slot.required and slot.key not in present and slot.key not in dossier.pieces_later:
            problems.append(
                (
                    "pieces",
                    slot.label,
                    _("Ajoutez ce papier, ou dites comment vous l'apporterez plus tard."),
                )
            )
    contact_needs = {
        NotifyBy.EMAIL: dossier.contact_email,
        NotifyBy.SMS: dossier.contact_phone,
        NotifyBy.LETTER: dossier.contact_address,
    }
    if dossier.notify_by in contact_needs and not contact_needs[dossier.notify_by]:
        problems.append(
            ("contact", _("Coordonnées"), _("Le moyen de vous prévenir choisi n'est pas renseigné."))
        )
    if not dossier.contact_name.strip():
        problems.append(("contact", _("Nom et prénom"), _("Indiquez le nom de la personne concernée.")))
    return problems


# What must happen in the same transaction as a deposit, from modules that build on procedures (the
# instruction module routes the dossier to a group of agents): registered when their app is ready.
_after_deposit: list = []


def register_after_deposit(step) -> None:
    """`step(dossier)` runs inside the deposit's transaction, after the dossier became « déposé »."""
    if step not in _after_deposit:
        _after_deposit.append(step)


@transaction.atomic
def submit_dossier(*, dossier_id, actor, channel: str) -> Dossier:
    """Deposit the dossier. A second click on « Déposer » finds it deposited and changes nothing."""
    dossier = lock_dossier(dossier_id)
    if dossier.state != DossierState.BROUILLON:
        return dossier
    problems = submission_problems(dossier)
    if problems:
        raise InvalidInput(
            _("Le dossier n'est pas complet : %s.") % "; ".join(f"{p[1]} — {p[2]}" for p in problems)
        )
    now = timezone.now()
    if dossier.received_at is None:
        dossier.received_at = deadlines.protected_receipt_time(dossier, now)
    dossier.submitted_at = now
    dossier.decision_due_on = deadlines.decision_due_on(dossier, dossier.received_at)
    dossier.save(update_fields=["received_at", "submitted_at", "decision_due_on", "updated_at"])
    dossier = transition(dossier.pk, "submit", actor=actor, channel=channel)
    for step in _after_deposit:
        step(dossier)
    snapshot_answers(
        dossier, reason=_("Dépôt"), actor=actor, channel=channel, changed=sorted(dossier.answers)
    )
    later = pieces_brought_later(dossier)
    if later:
        dossier = _ask_for_pieces_brought_later(dossier, later)
    receipts.issue_receipt(dossier=dossier, reason=IssuedReceipt.Reason.DEPOSIT, actor=actor)
    facts = {
        "title": dossier.procedure.title,
        "date": timezone.localtime(dossier.received_at).strftime("%d/%m/%Y"),
        "number": dossier.number,
    }
    if later:
        labels = ", ".join(defn.field_label(dossier.procedure_version.definition, key) for key in later)
        body = _(
            "Votre demande « %(title)s » a bien été reçue le %(date)s. Numéro de dossier : %(number)s. "
            "Il manque : %(labels)s. Apportez ou envoyez ces papiers avant le %(due)s : le service étudiera "
            "votre demande quand il les aura. Vous pouvez suivre votre dossier avec son numéro et votre code "
            "de suivi."
        ) % {**facts, "labels": labels, "due": dossier.completion_due_on.strftime("%d/%m/%Y")}
    else:
        body = _(
            "Votre demande « %(title)s » a bien été reçue le %(date)s. Numéro de dossier : %(number)s. "
            "Sans réponse de notre part au %(due)s, %(meaning)s. Vous pouvez suivre votre dossier avec son "
            "numéro et votre code de suivi."
        ) % {
            **facts,
            "due": dossier.decision_due_on.strftime("%d/%m/%Y"),
            "meaning": _implicit_meaning(dossier),
        }
    notify_usager(
        dossier, subject=_("Accusé de réception de votre demande n° %s") % dossier.number, body=body
    )
    return dossier


def pieces_brought_later(dossier: Dossier) -> list[str]:
    """Required slots filed without a file, whose bringing the person announced."""
    present = set(dossier.attachments.values_list("slot", flat=True))
    return [
        slot.key
        for slot in defn.slots(dossier.procedure_version.definition)
        if slot.required and slot.key not in present and slot.key in dossier.pieces_later
    ]


def _ask_for_pieces_brought_later(dossier: Dossier, keys: list[str]) -> Dossier:
    """The request is received incomplete: the service asks for the pieces at once, with a deadline,
    and the instruction delay waits for them (CRPA L114-5)."""
    version_definition = dossier.procedure_version.definition
    hows = dict(PieceLater.choices)
    lines = [
        f"{defn.field_label(version_definition, key)} — {hows.get(dossier.pieces_later[key], '')}"
        for key in keys
    ]
    message = _("Papiers à apporter (vous l'avez indiqué au dépôt) : %s.") % "; ".join(lines)
    due_on = deadlines.completion_due_on(dossier, timezone.localdate())
    dossier = transition(dossier.pk, "request_correction", actor=None, channel="", motive=message)
    dossier.completion_due_on = due_on
    dossier.decision_due_on = None
    dossier.save(update_fields=["completion_due_on", "decision_due_on", "updated_at"])
    CorrectionRequest.objects.create(
        dossier=dossier, fields=[], documents=keys, message=message, requested_by=None, due_on=due_on
    )
    return dossier


def _implicit_meaning(dossier: Dossier) -> str:
    if dossier.procedure_version.implicit_decision == "acceptance":
        return _("votre demande sera considérée comme acceptée")
    return _("votre demande sera considérée comme rejetée")


@transaction.atomic
def start_instruction(*, dossier_id, actor, expected_lock_version: int | None = None) -> Dossier:
    return transition(
        dossier_id, "start_instruction", actor=actor, channel="", expected_lock_version=expected_lock_version
    )


@transaction.atomic
def request_correction(
    *, dossier_id, actor, fields: list[str], documents: list[str], message: str, expected_lock_version=None
) -> CorrectionRequest:
    """Ask the usager to correct named fields or send named documents (CRPA L123-1, L114-5)."""
    dossier = lock_dossier(dossier_id, expected_lock_version=expected_lock_version)
    version_definition = dossier.procedure_version.definition
    known_fields = {f["key"] for f in defn.all_fields(version_definition)}
    known_slots = {s.key for s in defn.slots(version_definition)}
    if not fields and not documents:
        raise InvalidInput(_("Choisissez au moins un champ à corriger ou une pièce à fournir."))
    if set(fields) - known_fields or set(documents) - known_slots:
        raise InvalidInput(_("Un champ ou une pièce demandé n'existe pas dans cette démarche."))
    if not message.strip():
        raise InvalidInput(_("Expliquez à la personne ce qu'il faut corriger et pourquoi."))
    due_on = deadlines.completion_due_on(dossier, timezone.localdate())
    transition(dossier.pk, "request_correction", actor=actor, channel="", motive=message)
    dossier.refresh_from_db()
    dossier.completion_due_on = due_on
    dossier.decision_due_on = None  # the implicit-decision clock stops until the dossier is complete
    dossier.save(update_fields=["completion_due_on", "decision_due_on", "updated_at"])
    correction = CorrectionRequest.objects.create(
        dossier=dossier,
        fields=fields,
        documents=documents,
        message=message.strip(),
        requested_by=actor,
        due_on=due_on,
    )
    dossier.refresh_from_db()
    receipts.issue_receipt(dossier=dossier, reason=IssuedReceipt.Reason.CORRECTION_REQUESTED, actor=actor)
    names = ", ".join(defn.field_label(version_definition, key) for key in [*fields, *documents])
    notify_usager(
        dossier,
        subject=_("Votre dossier n° %s est à compléter") % dossier.number,
        body=_(
            "Le service vous demande de corriger ou compléter : %(names)s. %(message)s Date limite : %(due)s."
        )
        % {"names": names, "message": message.strip(), "due": due_on.strftime("%d/%m/%Y")},
    )
    return correction


@transaction.atomic
def submit_correction(*, dossier_id, actor, channel: str) -> Dossier:
    dossier = lock_dossier(dossier_id)
    if dossier.state != DossierState.A_COMPLETER:
        return dossier
    version_definition = dossier.procedure_version.definition
    missing = selectors.pieces_still_missing(dossier)
    if missing:
        labels = ", ".join(f"« {defn.field_label(version_definition, key)} »" for key in missing)
        raise InvalidInput(
            ngettext(
                "Il manque encore la pièce demandée %(labels)s : ajoutez-en un nouveau fichier (celui "
                "déjà joint avant la demande ne compte pas).",
                "Il manque encore les pièces demandées %(labels)s : ajoutez-en de nouveaux fichiers (ceux "
                "déjà joints avant la demande ne comptent pas).",
                len(missing),
            )
            % {"labels": labels}
        )
    problems = defn.missing_or_invalid(version_definition, dossier.answers)
    requested_fields, _slots = selectors.requested_keys(dossier)
    if problems:
        raise InvalidInput(
            _("Certaines réponses sont encore à corriger : %s.") % "; ".join(p[1] for p in problems)
        )
    now = timezone.now()
    dossier.corrections.filter(resolved_at__isnull=True).update(resolved_at=now)
    dossier.decision_due_on = deadlines.decision_due_on(dossier, now)
    dossier.completion_due_on = None
    dossier.save(update_fields=["decision_due_on", "completion_due_on", "updated_at"])
    dossier = transition(dossier.pk, "submit_correction", actor=actor, channel=channel)
    snapshot_answers(
        dossier, reason=_("Correction"), actor=actor, channel=channel, changed=sorted(requested_fields)
    )
    receipts.issue_receipt(dossier=dossier, reason=IssuedReceipt.Reason.COMPLETED, actor=actor)
    return dossier


@transaction.atomic
def decide(*, dossier_id, actor, accepted: bool, motive: str, expected_lock_version=None) -> Dossier:
    motive = (motive or "").strip()
    if not motive:
        raise InvalidInput(_("Une décision doit être motivée : écrivez le motif que la personne lira."))
    dossier = transition(
        dossier_id,
        "accept" if accepted else "refuse",
        actor=actor,
        channel="",
        motive=motive,
        expected_lock_version=expected_lock_version,
    )
    dossier.decided_at = timezone.now()
    dossier.decision_motive = motive
    dossier.save(update_fields=["decided_at", "decision_motive", "updated_at"])
    outcome = _("acceptée") if accepted else _("refusée")
    body = _("Votre demande n° %(number)s est %(outcome)s. Motif : %(motive)s") % {
        "number": dossier.number,
        "outcome": outcome,
        "motive": motive,
    }
    if not accepted:
        body += " " + _(
            "Vous pouvez contester cette décision dans un délai de deux mois : recours gracieux auprès du "
            "service, puis recours devant le tribunal administratif."
        )
    notify_usager(dossier, subject=_("Décision sur votre demande n° %s") % dossier.number, body=body)
    return dossier


# CRPA L242-1: a decision that created rights is withdrawn or abrogated by the administration only within
# four months of it (and only if illegal); L242-4: at any time at the request of the person, for a more
# favourable one.
WITHDRAWAL_MONTHS = 4


@transaction.atomic
def reopen_dossier(
    *, dossier_id, actor, motive: str, at_persons_request: bool = False, expected_lock_version=None
) -> Dossier:
    """A decided dossier examined again: the decision is withdrawn or abrogated (its motive is kept in the
    history), instruction starts over with a new implicit-decision date, and the person is told."""
    motive = (motive or "").strip()
    if not motive:
        raise InvalidInput(_("Dites pourquoi le dossier est rouvert : la personne lira ce motif."))
    dossier = lock_dossier(dossier_id, expected_lock_version=expected_lock_version)
    if dossier.state == DossierState.ACCEPTE and not at_persons_request and dossier.decided_at:
        limit = dossier.decided_at + relativedelta(months=WITHDRAWAL_MONTHS)
        if timezone.now() > limit:
            raise InvalidInput(
                _(
                    "Cet accord date de plus de quatre mois : il ne peut plus être retiré par le service "
                    "(article L242-1 du code des relations entre le public et l'administration), sauf à la "
                    "demande de la personne."
                )
            )
    dossier = transition(
        dossier.pk, "reopen", actor=actor, channel="", motive=motive, expected_lock_version=None
    )
    now = timezone.now()
    dossier.decided_at, dossier.decision_motive = None, ""
    dossier.decision_due_on = deadlines.decision_due_on(dossier, now)
    dossier.save(update_fields=["decided_at", "decision_motive", "decision_due_on", "updated_at"])
    notify_usager(
        dossier,
        subject=_("Votre dossier n° %s est rouvert") % dossier.number,
        body=_(
            "Le service réexamine votre demande n° %(number)s. Motif : %(motive)s Sans nouvelle réponse le "
            "%(due)s, %(meaning)s."
        )
        % {
            "number": dossier.number,
            "motive": motive,
            "due": dossier.decision_due_on.strftime("%d/%m/%Y"),
            "meaning": _implicit_meaning(dossier),
        },
    )
    return dossier


@transaction.atomic
def send_back_to_deposited(*, dossier_id, actor, motive: str, expected_lock_version=None) -> Dossier:
    """Instruction started by mistake or to be started again by someone else: back to « déposé »."""
    motive = (motive or "").strip()
    if not motive:
        raise InvalidInput(_("Dites pourquoi le dossier repasse à l'état « déposé »."))
    dossier = transition(
        dossier_id,
        "send_back",
        actor=actor,
        channel="",
        motive=motive,
        expected_lock_version=expected_lock_version,
    )
    notify_usager(
        dossier,
        subject=_("Votre dossier n° %s") % dossier.number,
        body=_(
            "Votre demande n° %(number)s attend d'être étudiée par le service. Vous n'avez rien à faire. "
            "La date de réponse ne change pas : %(due)s."
        )
        % {
            "number": dossier.number,
            "due": dossier.decision_due_on.strftime("%d/%m/%Y") if dossier.decision_due_on else "—",
        },
    )
    return dossier


@transaction.atomic
def close_dossier(*, dossier_id, actor, motive: str, expected_lock_version=None) -> Dossier:
    if not (motive or "").strip():
        raise InvalidInput(_("Indiquez pourquoi le dossier est classé sans suite."))
    dossier = transition(
        dossier_id,
        "close",
        actor=actor,
        channel="",
        motive=motive.strip(),
        expected_lock_version=expected_lock_version,
    )
    notify_usager(
        dossier,
        subject=_("Votre dossier n° %s est classé sans suite") % dossier.number,
        body=motive.strip(),
    )
    return dossier


@transaction.atomic
def withdraw_dossier(*, dossier_id, actor, channel: str = Channel.ONLINE) -> Dossier:
    """The person stops their request: no answer is owed any more, so no date is promised."""
    dossier = transition(
        dossier_id, "withdraw", actor=actor, channel=channel, motive=_("Retrait demandé par la personne")
    )
    dossier.decision_due_on = dossier.completion_due_on = None
    dossier.save(update_fields=["decision_due_on", "completion_due_on", "updated_at"])
    return dossier
