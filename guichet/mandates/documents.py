"""What the usager reads before consenting, and the signed mandate kept as a PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.mandates.models import DURATION_DAYS, Mandate
from guichet.procedures.models import Category


def scope_summary(mandate: Mandate) -> dict:
    """The plain-French summary: what the aidants may do, and what they may not."""
    labels = dict(Category.choices)
    themes = [str(labels[c]) for c in mandate.categories]
    procedures = [p.title for p in mandate.procedures.all()]
    days = DURATION_DAYS[mandate.duration]
    end = mandate.expires_at or (timezone.now() + timezone.timedelta(days=days))
    may = []
    if themes:
        may.append(_("faire pour vous les démarches de ces thèmes : %s ;") % ", ".join(themes))
    if procedures:
        may.append(_("faire pour vous ces démarches précises : %s ;") % ", ".join(procedures))
    may += [
        _("ouvrir, remplir et déposer vos dossiers de ces démarches, y joindre vos pièces justificatives ;"),
        _("pendant %(duration)s, jusqu'au %(end)s ;")
        % {"duration": mandate.get_duration_display(), "end": timezone.localtime(end).strftime("%d/%m/%Y")},
        _("n'importe quel aidant habilité de « %s » peut agir, chacun en son nom.") % mandate.organisation,
    ]
    may_not = [
        _("faire une démarche d'un autre thème, ou une démarche que vous n'avez pas choisie ;"),
        _("agir après la date de fin, ou après que vous avez révoqué le mandat ;"),
        _(
            "utiliser vos informations pour autre chose que ces démarches, ou les donner à quelqu'un d'autre ;"
        ),
        _("vous demander de l'argent ou vos mots de passe."),
    ]
    rights = [
        _("Chaque action faite pour vous est inscrite dans un journal que personne ne peut modifier."),
        _(
            "Vous la voyez sur « Qui a agi pour moi ? » (%s) avec le numéro et le code de votre exemplaire, "
            "sans compte ; ou en la demandant à la structure."
        )
        % who_acted_url(),
        _(
            "Vous pouvez révoquer ce mandat à tout moment : avec votre compte, avec le numéro et le code "
            "imprimés sur votre exemplaire, ou en le demandant à l'aidant. La révocation est immédiate."
        ),
    ]
    return {"may": may, "may_not": may_not, "rights": rights, "end": end}


def who_acted_url() -> str:
    """Where a person without account reads what was done under their mandate (printed on the copy)."""
    return settings.GUICHET_PUBLIC_URL + reverse("mandates:who_acted")


def mandate_context(mandate: Mandate, *, code: str | None = None) -> dict:
    return {
        "mandate": mandate,
        "summary": scope_summary(mandate),
        "code": code,
        "who_acted_url": who_acted_url(),
        "generated_at": timezone.now(),
    }


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported lazily: loading Pango costs time at every start

    return HTML(string=render_to_string(template, context)).write_pdf()


def summary_pdf(mandate: Mandate) -> bytes:
    return render_pdf("mandates/pdf/summary.html", mandate_context(mandate))


def mandate_pdf(mandate: Mandate, *, code: str | None = None) -> bytes:
    """The signed mandate, with the journal hashes of its creation and consent entries."""
    return render_pdf("mandates/pdf/mandate.html", mandate_context(mandate, code=code))
