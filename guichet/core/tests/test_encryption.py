"""Documents are encrypted at rest with a key from the environment, and the key can be rotated."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from guichet.core.channels import Channel
from guichet.core.encryption import UnreadableDocument
from guichet.procedures.models import Attachment
from guichet.procedures.services import drafts
from guichet.procedures.tests.factories import PDF, published_procedure

pytestmark = pytest.mark.django_db

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _attach(settings) -> Attachment:
    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    upload = SimpleUploadedFile("avis.pdf", PDF, content_type="application/pdf")
    return drafts.add_attachment(
        dossier_id=started.dossier.pk, slot_key="identite_doc", uploaded_file=upload, channel=Channel.ONLINE
    )


def _on_disk(attachment: Attachment) -> bytes:
    return Path(attachment.file.path).read_bytes()


def _read(attachment: Attachment) -> bytes:
    fresh = Attachment.objects.get(pk=attachment.pk)
    with fresh.file.open("rb") as handle:
        return handle.read()


def test_an_attachment_is_never_on_disk_in_clear_but_reads_back_whole(settings):
    settings.GUICHET_DOCUMENT_KEYS = [OLD_KEY]
    attachment = _attach(settings)
    assert PDF not in _on_disk(attachment)
    assert b"%PDF" not in _on_disk(attachment)
    assert _read(attachment) == PDF


def test_the_download_page_gives_the_document_in_clear(client, settings):
    settings.GUICHET_DOCUMENT_KEYS = [OLD_KEY]
    attachment = _attach(settings)
    from guichet.accounts.tests.factories import UserFactory

    usager = UserFactory()
    attachment.dossier.usager = usager
    attachment.dossier.save()
    client.force_login(usager)
    response = client.get(f"/dossiers/{attachment.dossier_id}/pieces/{attachment.pk}/")
    assert b"".join(response.streaming_content) == PDF


def test_rotation_reencrypts_with_the_new_key_and_old_documents_stay_readable(settings, capsys):
    settings.GUICHET_DOCUMENT_KEYS = [OLD_KEY]
    attachment = _attach(settings)
    before = _on_disk(attachment)
    settings.GUICHET_DOCUMENT_KEYS = [NEW_KEY, OLD_KEY]
    assert _read(attachment) == PDF  # the old key still opens it before the rotation
    call_command("rotate_document_key")
    assert "1 document(s) rechiffré(s)" in capsys.readouterr().out
    assert _on_disk(attachment) != before
    settings.GUICHET_DOCUMENT_KEYS = [NEW_KEY]  # the old key is withdrawn after the rotation
    assert _read(attachment) == PDF


def test_without_the_old_key_an_unrotated_document_is_refused_not_garbled(settings):
    settings.GUICHET_DOCUMENT_KEYS = [OLD_KEY]
    attachment = _attach(settings)
    settings.GUICHET_DOCUMENT_KEYS = [NEW_KEY]
    with pytest.raises(UnreadableDocument):
        _read(attachment)
    with pytest.raises(CommandError, match="Aucune des clés"):
        call_command("rotate_document_key")


def test_a_document_stored_before_encryption_is_read_then_encrypted_by_the_rotation(settings, capsys):
    settings.GUICHET_DOCUMENT_KEYS = [OLD_KEY]
    attachment = _attach(settings)
    Path(attachment.file.path).write_bytes(PDF)  # as an older Guichet wrote it, in clear
    assert _read(attachment) == PDF
    call_command("rotate_document_key")
    assert "1 document(s) chiffré(s) pour la première fois" in capsys.readouterr().out
    assert b"%PDF" not in _on_disk(attachment)
    assert _read(attachment) == PDF
