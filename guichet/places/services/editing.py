"""A responsable of a place edits it in Guichet: checked by the standard like an import, journaled."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import PermissionDenied
from guichet.core.journal import record
from guichet.places import hours, schema, selectors
from guichet.places.models import Place
from guichet.places.services import exports
from guichet.places.services.imports import model_values, save_intervals

# What a responsable edits here (the standard's names); the rest comes from its source.
EDITABLE = (
    "nom",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "telephone",
    "horaires",
    "presentation_resume",
    "services",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_acces",
    "fiche_acces_libre",
)
GUICHET_FIELDS = ("has_aidants", "step_free", "hearing_loop", "languages")


def can_edit(user, place: Place) -> bool:
    return (
        place.organisation_id is not None
        and place.organisation_id in selectors.responsable_organisation_ids(user)
    )


@transaction.atomic
def update_place(*, place: Place, user, values: dict) -> tuple[Place, dict[str, str]]:
    """Apply the edits if the standard accepts them; else return {field: French reason}, nothing saved."""
    if not can_edit(user, place):
        raise PermissionDenied(_("Seuls les responsables de la structure du lieu le modifient."))
    row = exports.as_row(place)
    for name in EDITABLE:
        if name in values:
            value = values[name]
            row[name] = "|".join(value) if isinstance(value, list | tuple) else str(value or "").strip()
    row["date_maj"] = timezone.localdate().isoformat()
    checked = schema.check_row(row)
    intervals = []
    if checked.values.get("horaires"):
        try:
            intervals = hours.weekly_intervals(checked.values["horaires"])
        except hours.InvalidHours as exc:
            checked.errors.append(("horaires", str(exc)))
    if checked.errors:
        return place, {name: reason for name, reason in checked.errors}
    new_values = model_values(checked.values)
    new_values.pop("source_id", None)
    changed = sorted(
        key for key, value in new_values.items() if getattr(place, key) != value and key != "date_maj"
    )
    for key, value in new_values.items():
        setattr(place, key, value)
    for name in GUICHET_FIELDS:
        if name in values and getattr(place, name) != values[name]:
            setattr(place, name, values[name])
            changed.append(name)
    place.updated_by = user
    place.save()
    save_intervals(place, intervals)
    record(
        action="lieu.modifie",
        actor=user,
        organisation_id=place.organisation_id,
        subject_type="lieu",
        subject_id=str(place.pk),
        data={"champs": changed, "le": datetime.date.today().isoformat()},
    )
    return place, {}
