"""Coloured labels of a procedure, created and put on dossiers by its agents."""

from django.db import IntegrityError, transaction

from guichet.instruction.models import Label
from guichet.instruction.services import journal


@transaction.atomic
def set_labels(*, dossier, actor, label_ids: list, new_name: str = "", new_colour: str = "") -> list[Label]:
    """The dossier's labels become `label_ids` (labels of its procedure), plus a new label when named."""
    procedure_id = dossier.procedure_version.procedure_id
    labels = list(Label.objects.filter(procedure_id=procedure_id, pk__in=label_ids))
    new_name = " ".join((new_name or "").split())
    if new_name:
        if new_colour not in Label.Colour.values:
            new_colour = Label.Colour.BLUE
        try:
            with transaction.atomic():
                label = Label.objects.create(procedure_id=procedure_id, name=new_name[:40], colour=new_colour)
        except IntegrityError:  # the name exists: use it
            label = Label.objects.get(procedure_id=procedure_id, name=new_name[:40])
        if label not in labels:
            labels.append(label)
    before = set(dossier.labels.values_list("pk", flat=True))
    dossier.labels.set(labels)
    after = {label.pk for label in labels}
    if before != after:
        journal.about_dossier(
            "etiquettes", dossier=dossier, actor=actor, data={"etiquettes": sorted(str(pk) for pk in after)}
        )
    return labels
