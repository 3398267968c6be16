import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory, member
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures.models import PersonalItem
from guichet.procedures.services import drafts, folder, transitions
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_services import complete_draft

pytestmark = pytest.mark.django_db


def accepted_dossier_of(user):
    started = complete_draft()
    dossier = started.dossier
    type(dossier).objects.filter(pk=dossier.pk).update(usager=user)
    transitions.submit_dossier(dossier_id=dossier.pk, actor=user, channel=Channel.ONLINE)
    agent = member(Role.AGENT)
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    return transitions.decide(dossier_id=dossier.pk, actor=agent, accepted=True, motive="OK")


def test_nothing_is_kept_without_consent():
    user = UserFactory()
    dossier = accepted_dossier_of(user)
    with pytest.raises(InvalidInput):
        folder.keep_from_dossier(dossier=dossier, user=user, consent=False)
    assert PersonalItem.objects.count() == 0


def test_kept_items_are_verified_expire_and_are_offered_for_the_next_procedure():
    user = UserFactory()
    dossier = accepted_dossier_of(user)
    kept = folder.keep_from_dossier(dossier=dossier, user=user, consent=True)
    assert {item.key for item in kept} == {"nom", "naissance", "enfants", "identite_doc"}
    assert all(item.verified_at for item in kept)
    assert all(item.expires_on == timezone.localdate() + datetime.timedelta(days=365) for item in kept)
    new = drafts.start_dossier(
        procedure=published_procedure(), channel=Channel.ONLINE, usager=user, actor=user
    ).dossier
    offers = folder.offers_for(new, user)
    assert {item.key for item in offers} == {"nom", "naissance", "enfants", "identite_doc"}
    count = folder.reuse(dossier_id=new.pk, user=user, item_ids=[str(item.pk) for item in offers])
    new.refresh_from_db()
    assert count == 4
    assert new.answers["nom"] == "Camille Durand"
    assert new.attachments.get().file.read().startswith(b"%PDF")


def test_someone_else_cannot_keep_or_reuse():
    owner, other = UserFactory(), UserFactory()
    dossier = accepted_dossier_of(owner)
    with pytest.raises(InvalidInput):
        folder.keep_from_dossier(dossier=dossier, user=other, consent=True)
    folder.keep_from_dossier(dossier=dossier, user=owner, consent=True)
    draft = drafts.start_dossier(
        procedure=published_procedure(), channel=Channel.ONLINE, usager=other
    ).dossier
    assert folder.offers_for(draft, other) == []
    with pytest.raises(InvalidInput):
        folder.reuse(
            dossier_id=draft.pk,
            user=owner,
            item_ids=[str(i.pk) for i in PersonalItem.objects.filter(user=owner)],
        )


def test_expired_items_are_no_longer_offered_and_are_purged(capsys):
    user = UserFactory()
    folder.keep_from_dossier(dossier=accepted_dossier_of(user), user=user, consent=True)
    PersonalItem.objects.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    draft = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE, usager=user).dossier
    assert folder.offers_for(draft, user) == []
    call_command("purge_personal_folder", "--dry-run")
    assert PersonalItem.objects.count() == 4
    call_command("purge_personal_folder")
    assert PersonalItem.objects.count() == 0
    assert "4 élément(s) expiré(s) supprimé(s)." in capsys.readouterr().out


def test_folder_pages_are_personal(client):
    owner = UserFactory()
    folder.keep_from_dossier(dossier=accepted_dossier_of(owner), user=owner, consent=True)
    item = PersonalItem.objects.first()
    client.force_login(UserFactory())
    assert item.value not in client.get("/mon-dossier-personnel/").content.decode()
    assert client.post(f"/mon-dossier-personnel/{item.pk}/supprimer/").status_code == 404
    client.force_login(owner)
    assert client.post(f"/mon-dossier-personnel/{item.pk}/supprimer/").status_code == 302
    assert not PersonalItem.objects.filter(pk=item.pk).exists()


def test_anonymous_people_have_no_folder(client):
    assert client.get("/mon-dossier-personnel/")["Location"].startswith("/comptes/connexion/")
