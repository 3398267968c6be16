import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures.models import Procedure
from guichet.procedures.services import catalogue, drafts, editor
from guichet.procedures.tests.factories import published_procedure

pytestmark = pytest.mark.django_db


def _new_procedure():
    return catalogue.create_procedure(
        organisation=OrganisationFactory(), title="Aide aux vacances", category="loisirs"
    )


def test_a_responsable_builds_and_publishes_a_procedure_without_code():
    procedure = _new_procedure()
    version = editor.working_version(procedure=procedure)
    editor.add_section(version=version, title="Votre famille")
    section = version.definition["sections"][0]["key"]
    editor.add_field(
        version=version, section_key=section, label="Avez-vous des enfants ?", type="yesno", required=True
    )
    editor.add_field(
        version=version,
        section_key=section,
        label="Combien ?",
        type="number",
        required=True,
        show_if_field="avez_vous_des_enfants",
        show_if_value="oui",
    )
    editor.add_document(
        version=version, label="Avis CAF", why="Pour le tarif", required=False, formats=["pdf"], max_size_mb=5
    )
    editor.update_rules(
        version=version, instruction_delay=20, implicit_decision="acceptance", completion_days=10
    )
    editor.publish(version=version)
    procedure.refresh_from_db()
    assert procedure.is_published
    started = drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE)
    assert started.dossier.procedure_version == version
    assert version.definition["sections"][0]["fields"][1]["show_if"] == {
        "field": "avez_vous_des_enfants",
        "equals": "oui",
    }


def test_editing_makes_a_new_version_and_started_dossiers_keep_theirs():
    procedure = published_procedure()
    dossier = drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE).dossier
    version = editor.working_version(procedure=procedure)
    assert version.number == 2 and version.published_at is None
    editor.add_field(version=version, section_key="identite", label="Profession", type="text", required=False)
    editor.publish(version=version)
    dossier.refresh_from_db()
    assert dossier.procedure_version.number == 1
    assert "profession" not in str(dossier.procedure_version.definition)
    assert (
        drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE).dossier.procedure_version.number
        == 2
    )


@pytest.mark.parametrize(
    "kwargs,fragment",
    [
        ({"label": "", "type": "text"}, "question"),
        ({"label": "Choix", "type": "choice", "choices": ["seul"]}, "deux réponses"),
        ({"label": "X", "type": "magie"}, "type"),
        ({"label": "X", "type": "text", "section_key": "inconnue"}, "section"),
    ],
)
def test_bad_questions_are_refused_with_a_french_reason(kwargs, fragment):
    procedure = published_procedure()
    version = editor.working_version(procedure=procedure)
    params = {"section_key": "identite", "required": False, **kwargs}
    with pytest.raises(InvalidInput) as excinfo:
        editor.add_field(version=version, **params)
    assert fragment in excinfo.value.message


def test_a_question_others_depend_on_cannot_be_removed_or_moved_after_them():
    version = editor.working_version(procedure=published_procedure())
    with pytest.raises(InvalidInput):
        editor.remove_item(version=version, key="enfants")
    with pytest.raises(InvalidInput):
        editor.move_field(version=version, key="enfants", offset=1)
    editor.remove_item(version=version, key="nb_enfants")
    editor.remove_item(version=version, key="enfants")
    assert "enfants" not in str(version.definition)


def test_an_empty_procedure_cannot_be_published():
    version = editor.working_version(procedure=_new_procedure())
    with pytest.raises(InvalidInput):
        editor.publish(version=version)


def test_keys_are_made_unique_from_the_labels():
    version = editor.working_version(procedure=published_procedure())
    editor.add_field(version=version, section_key="identite", label="Nom", type="text", required=False)
    keys = [f["key"] for f in version.definition["sections"][0]["fields"]]
    assert "nom" in keys and "nom_2" in keys


def test_a_question_is_changed_in_place_and_keeps_its_key():
    version = editor.working_version(procedure=published_procedure())
    editor.update_field(
        version=version,
        key="nom",
        section_key="identite",
        label="Votre nom de famille",
        type="text",
        required=True,
        help_text="Comme sur vos papiers.",
    )
    fields = version.definition["sections"][0]["fields"]
    assert fields[0] == {
        "key": "nom",
        "type": "text",
        "label": "Votre nom de famille",
        "required": True,
        "help": "Comme sur vos papiers.",
    }
    with pytest.raises(InvalidInput, match="avant lui"):
        editor.update_field(
            version=version,
            key="enfants",
            section_key="identite",
            label="Des enfants ?",
            type="yesno",
            required=True,
            show_if_field="nb_enfants",
            show_if_value="2",
        )


class TestEditorViews:
    def test_responsable_creates_a_procedure_and_adds_a_question(self, client, login_with_2fa):
        organisation = OrganisationFactory()
        login_with_2fa(client, member(Role.RESPONSABLE, organisation=organisation))
        response = client.post(
            "/gestion/demarches/",
            {"title": "Prêt de matériel", "summary": "Pour les familles.", "category": "loisirs"},
        )
        procedure = Procedure.objects.get()
        assert response["Location"] == f"/gestion/demarches/{procedure.pk}/"
        client.post(f"/gestion/demarches/{procedure.pk}/section/", {"title": "Votre demande"})
        bad = client.post(
            f"/gestion/demarches/{procedure.pk}/question/",
            {"section": "votre_demande", "label": "Quel matériel ?", "type": "choice", "choices": "Vélo"},
        )
        assert bad.status_code == 400
        assert "deux réponses" in bad.content.decode()
        client.post(
            f"/gestion/demarches/{procedure.pk}/question/",
            {
                "section": "votre_demande",
                "label": "Quel matériel ?",
                "type": "choice",
                "choices": "Vélo\nPoussette",
                "required": "on",
            },
        )
        client.post(f"/gestion/demarches/{procedure.pk}/publier/")
        procedure.refresh_from_db()
        assert procedure.is_published
        assert "Prêt de matériel" in client.get("/demarches/").content.decode()

    def test_responsable_edits_a_question_from_its_prefilled_form(self, client, login_with_2fa):
        procedure = published_procedure()
        login_with_2fa(client, member(Role.RESPONSABLE, organisation=procedure.organisation))
        page = client.get(f"/gestion/demarches/{procedure.pk}/?modifier=nom").content.decode()
        assert "Modifier la question" in page and 'name="key" value="nom"' in page
        response = client.post(
            f"/gestion/demarches/{procedure.pk}/question/",
            {"key": "nom", "section": "identite", "label": "Nom de naissance", "type": "text"},
        )
        assert response.status_code == 302
        version = editor.working_version(procedure=procedure)
        labels = {f["key"]: f["label"] for f in version.definition["sections"][0]["fields"]}
        assert labels["nom"] == "Nom de naissance" and "nom_2" not in labels

    def test_other_roles_and_other_organisations_cannot_edit(self, client, login_with_2fa):
        procedure = published_procedure()
        login_with_2fa(client, member(Role.AGENT, organisation=procedure.organisation))
        assert client.get(f"/gestion/demarches/{procedure.pk}/").status_code == 403
        client.logout()
        login_with_2fa(client, member(Role.RESPONSABLE, organisation=OrganisationFactory()))
        assert client.get(f"/gestion/demarches/{procedure.pk}/").status_code == 404
        assert client.post(f"/gestion/demarches/{procedure.pk}/publier/").status_code == 404
