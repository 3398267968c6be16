"""Uploaded files come back named with the extension of their verified type (issue 21, finding 11)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.core.downloads import verified_name
from guichet.procedures.models import Dossier
from guichet.procedures.services import drafts
from guichet.procedures.tests.factories import PDF, published_procedure

POLYGLOT = PDF + b"<html><script>alert(1)</script></html>"


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("x.pdf.html", "application/pdf", "x.pdf"),
        ("avis.PDF", "application/pdf", "avis.pdf"),
        ("photo.jpeg.svg", "image/jpeg", "photo.jpg"),
        ("scan.png", "image/png", "scan.png"),
        ("Relevé 2024.12", "application/pdf", "Relevé 2024.12.pdf"),
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        (".html", "application/pdf", "document.pdf"),
        ("page.html", "text/html", "page.bin"),
    ],
)
def test_the_name_given_back_ends_with_the_verified_type(name, content_type, expected):
    assert verified_name(name, content_type) == expected


@pytest.mark.django_db
def test_a_pdf_uploaded_as_html_downloads_as_a_pdf(client):
    procedure = published_procedure()
    client.post(f"/demarches/{procedure.slug}/commencer/")
    dossier = Dossier.objects.get()
    attachment = drafts.add_attachment(
        dossier_id=dossier.pk,
        slot_key="identite_doc",
        uploaded_file=SimpleUploadedFile("x.pdf.html", POLYGLOT),
        channel="online",
    )
    response = client.get(f"/dossiers/{dossier.pk}/pieces/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'
