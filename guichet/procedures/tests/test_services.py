import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.channels import Channel
from guichet.core.exceptions import Conflict, InvalidInput
from guichet.procedures.models import DossierState, Message
from guichet.procedures.services import drafts, followup, messages, transitions
from guichet.procedures.services.common import code_matches
from guichet.procedures.tests.factories import PDF, VALID_ANSWERS, published_procedure

pytestmark = pytest.mark.django_db

EMAIL_CONTACT = {
    "contact_name": "Camille Durand",
    "contact_email": "camille@exemple.fr",
    "contact_phone": "",
    "contact_address": "",
    "notify_by": "email",
}


def complete_draft(procedure=None, *, channel=Channel.ONLINE, received_at=None, actor=None):
    procedure = procedure or published_procedure()
    started = drafts.start_dossier(procedure=procedure, channel=channel, received_at=received_at, actor=actor)
    drafts.save_answers(dossier_id=started.dossier.pk, values=VALID_ANSWERS)
    drafts.set_contact(dossier_id=started.dossier.pk, **EMAIL_CONTACT)
    drafts.add_attachment(
        dossier_id=started.dossier.pk,
        slot_key="identite_doc",
        uploaded_file=SimpleUploadedFile("id.pdf", PDF),
        channel=channel,
    )
    return started


def deposited(**kwargs):
    started = complete_draft(**kwargs)
    return transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel=Channel.ONLINE)


def test_unpublished_procedure_cannot_be_started():
    procedure = published_procedure()
    procedure.is_published = False
    procedure.save()
    with pytest.raises(InvalidInput):
        drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE)


def test_a_started_dossier_gets_a_number_and_a_secret_code_stored_hashed():
    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    assert started.dossier.state == DossierState.BROUILLON
    assert started.followup_code not in started.dossier.followup_code_hash
    assert code_matches(started.dossier, started.followup_code.lower().replace("-", " "))


def test_invalid_values_are_saved_as_typed_never_lost():
    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    dossier = drafts.save_answers(
        dossier_id=started.dossier.pk, values={"naissance": "31/02/1980", "nom": "Zoé"}
    )
    assert dossier.answers == {"naissance": "31/02/1980", "nom": "Zoé"}


def test_an_incomplete_dossier_cannot_be_deposited():
    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    with pytest.raises(InvalidInput) as excinfo:
        transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel=Channel.ONLINE)
    assert "Nom" in excinfo.value.message and "Pièce d'identité" in excinfo.value.message


def test_online_deposit_dates_receipt_now_sets_the_implicit_decision_and_emails_the_receipt(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = deposited()
    assert dossier.state == DossierState.DEPOSE
    assert abs((dossier.received_at - timezone.now()).total_seconds()) < 60
    assert dossier.decision_due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert mail.outbox[0].to == ["camille@exemple.fr"]
    assert dossier.number in mail.outbox[0].subject
    assert dossier.answer_versions.count() == 1


def test_double_click_on_deposit_changes_nothing_the_second_time():
    started = complete_draft()
    first = transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel=Channel.ONLINE)
    second = transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel=Channel.ONLINE)
    assert first.pk == second.pk
    assert second.events.filter(action="submit").count() == 1
    assert second.answer_versions.count() == 1


def test_mail_received_last_week_runs_its_deadline_from_the_postmark_not_the_typing():
    agent = member(Role.AGENT)
    received = timezone.now() - datetime.timedelta(days=7)
    dossier = deposited(channel=Channel.MAIL, received_at=received, actor=agent)
    assert dossier.received_at == received
    assert dossier.decision_due_on == timezone.localdate(received) + datetime.timedelta(days=30)
    assert dossier.channel == Channel.MAIL
    assert dossier.created_by == agent


def test_future_receipt_date_is_refused():
    with pytest.raises(InvalidInput):
        drafts.start_dossier(
            procedure=published_procedure(),
            channel=Channel.PHONE,
            received_at=timezone.now() + datetime.timedelta(days=2),
        )


@pytest.mark.parametrize(
    "action,state",
    [("accept", DossierState.DEPOSE), ("submit_correction", DossierState.DEPOSE)],
)
def test_transitions_outside_the_table_are_refused(action, state):
    from guichet.procedures.services.common import transition

    dossier = deposited()
    assert dossier.state == state
    with pytest.raises(InvalidInput):
        transition(dossier.pk, action, actor=None, channel="")


def test_decision_requires_a_motive_and_is_sent_to_the_usager(django_capture_on_commit_callbacks):
    agent = member(Role.AGENT)
    dossier = deposited()
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    with pytest.raises(InvalidInput):
        transitions.decide(dossier_id=dossier.pk, actor=agent, accepted=False, motive="  ")
    with django_capture_on_commit_callbacks(execute=True):
        dossier = transitions.decide(
            dossier_id=dossier.pk, actor=agent, accepted=False, motive="Plafond dépassé."
        )
    assert dossier.state == DossierState.REFUSE
    assert "Plafond dépassé." in mail.outbox[-1].body
    assert "tribunal administratif" in mail.outbox[-1].body
    event = dossier.events.get(action="refuse")
    assert event.actor == agent and event.motive == "Plafond dépassé."


def test_right_to_make_a_mistake_only_the_named_fields_can_change():
    agent = member(Role.AGENT)
    dossier = deposited()
    transitions.request_correction(
        dossier_id=dossier.pk, actor=agent, fields=["naissance"], documents=[], message="Date inversée ?"
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.A_COMPLETER
    assert dossier.decision_due_on is None
    with pytest.raises(InvalidInput):
        drafts.save_answers(dossier_id=dossier.pk, values={"nom": "Quelqu'un d'autre"})
    drafts.save_answers(dossier_id=dossier.pk, values={"naissance": "1980-04-05"})
    dossier = transitions.submit_correction(dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE)
    assert dossier.state == DossierState.EN_INSTRUCTION
    assert dossier.answers["nom"] == "Camille Durand"
    assert dossier.answers["naissance"] == "1980-04-05"
    versions = list(dossier.answer_versions.order_by("number"))
    assert [v.answers["naissance"] for v in versions] == ["1980-05-04", "1980-04-05"]
    assert versions[1].changed_fields == ["naissance"]
    assert dossier.decision_due_on == timezone.localdate() + datetime.timedelta(days=30)


def test_a_correction_request_must_name_something_and_explain():
    agent = member(Role.AGENT)
    dossier = deposited()
    with pytest.raises(InvalidInput):
        transitions.request_correction(
            dossier_id=dossier.pk, actor=agent, fields=[], documents=[], message="x"
        )
    with pytest.raises(InvalidInput):
        transitions.request_correction(
            dossier_id=dossier.pk, actor=agent, fields=["nom"], documents=[], message=" "
        )
    with pytest.raises(InvalidInput):
        transitions.request_correction(
            dossier_id=dossier.pk, actor=agent, fields=["inconnu"], documents=[], message="x"
        )


def test_two_agents_editing_the_same_dossier_get_a_conflict_not_a_lost_update():
    first, second = member(Role.AGENT), member(Role.AGENT)
    dossier = deposited()
    seen_by_both = dossier.lock_version
    transitions.start_instruction(dossier_id=dossier.pk, actor=first, expected_lock_version=seen_by_both)
    with pytest.raises(Conflict):
        transitions.close_dossier(
            dossier_id=dossier.pk, actor=second, motive="Doublon.", expected_lock_version=seen_by_both
        )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.EN_INSTRUCTION


def test_withdrawal_by_the_usager_is_journaled():
    dossier = deposited()
    dossier = transitions.withdraw_dossier(dossier_id=dossier.pk, actor=None)
    assert dossier.state == DossierState.RETIRE
    assert dossier.events.filter(action="withdraw", channel=Channel.ONLINE).exists()


def test_message_to_usager_goes_through_their_channel(django_capture_on_commit_callbacks, settings):
    agent = member(Role.AGENT)
    dossier = deposited()
    dossier.notify_by = "sms"
    dossier.contact_phone = "+33612345678"
    dossier.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = messages.message_to_usager(
            dossier=dossier, author=agent, body="Votre rendez-vous est confirmé."
        )
    assert message.notification.kind == "sms"
    assert (settings.NOTIFICATIONS_DIR / "sms").exists()
    with pytest.raises(InvalidInput):
        messages.message_to_usager(dossier=dossier, author=agent, body="   ")
    assert Message.objects.count() == 1


class TestAttachments:
    def _draft(self):
        return drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE).dossier

    def test_a_file_is_checked_by_its_content_not_its_name(self):
        dossier = self._draft()
        fake = SimpleUploadedFile("releve.pdf", b"MZ\x90\x00 this is an executable")
        with pytest.raises(InvalidInput) as excinfo:
            drafts.add_attachment(
                dossier_id=dossier.pk, slot_key="identite_doc", uploaded_file=fake, channel="online"
            )
        assert "contenu" in excinfo.value.message

    def test_too_big_a_file_is_refused_with_its_size_and_the_limit(self):
        dossier = self._draft()
        big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024 + 10))
        with pytest.raises(InvalidInput) as excinfo:
            drafts.add_attachment(
                dossier_id=dossier.pk, slot_key="identite_doc", uploaded_file=big, channel="online"
            )
        assert "1 Mo" in excinfo.value.message

    def test_empty_and_unknown_slot_are_refused(self):
        dossier = self._draft()
        with pytest.raises(InvalidInput):
            drafts.add_attachment(
                dossier_id=dossier.pk,
                slot_key="identite_doc",
                uploaded_file=SimpleUploadedFile("v.pdf", b""),
                channel="online",
            )
        with pytest.raises(InvalidInput):
            drafts.add_attachment(
                dossier_id=dossier.pk,
                slot_key="autre",
                uploaded_file=SimpleUploadedFile("v.pdf", PDF),
                channel="online",
            )

    def test_a_valid_pdf_is_kept_with_its_fingerprint(self):
        dossier = self._draft()
        attachment = drafts.add_attachment(
            dossier_id=dossier.pk,
            slot_key="identite_doc",
            uploaded_file=SimpleUploadedFile("id.pdf", PDF),
            channel="online",
        )
        assert attachment.content_type == "application/pdf"
        assert len(attachment.sha256) == 64
        assert attachment.file.read() == PDF


class TestContact:
    def test_nothing_requires_an_email_address(self):
        dossier = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE).dossier
        drafts.set_contact(
            dossier_id=dossier.pk,
            contact_name="Jeannine",
            contact_email="",
            contact_phone="06 12 34 56 78",
            contact_address="",
            notify_by="sms",
        )
        dossier.refresh_from_db()
        assert dossier.contact_phone == "+33612345678"

    def test_wrong_contact_data_is_kept_and_explained(self):
        dossier = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE).dossier
        errors = drafts.set_contact(
            dossier_id=dossier.pk,
            contact_name="Jeannine",
            contact_email="jeannine@",
            contact_phone="",
            contact_address="4 rue des Lilas",
            notify_by="letter",
        )
        assert set(errors) == {"contact_email", "contact_address"}
        dossier.refresh_from_db()
        assert dossier.contact_email == "jeannine@"
        assert dossier.contact_address == "4 rue des Lilas"


class TestFollowup:
    def test_number_and_code_open_the_dossier(self):
        started = complete_draft()
        assert (
            followup.check_followup(number=started.dossier.number.lower(), code=started.followup_code)
            == started.dossier
        )

    def test_wrong_codes_are_counted_and_guessing_is_stopped(self):
        started = complete_draft()
        for _ in range(followup.MAX_FAILURES):
            with pytest.raises(InvalidInput):
                followup.check_followup(number=started.dossier.number, code="AAAA-BBBB-CCCC")
        with pytest.raises(InvalidInput) as excinfo:
            followup.check_followup(number=started.dossier.number, code=started.followup_code)
        assert "Trop d'essais" in excinfo.value.message

    def test_an_agent_can_give_a_new_code(self):
        started = complete_draft()
        new_code = followup.reset_followup_code(dossier=started.dossier, actor=member(Role.AGENT))
        assert followup.check_followup(number=started.dossier.number, code=new_code) == started.dossier
        with pytest.raises(InvalidInput):
            followup.check_followup(number=started.dossier.number, code=started.followup_code)


def test_every_dossier_transition_is_chained_in_the_journal():
    from django.core.management import call_command

    from guichet.core.journal import entries_for_subject

    agent = member(Role.AGENT)
    dossier = deposited()
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    actions = [entry.action for entry in entries_for_subject("dossier", str(dossier.pk))]
    assert actions == ["dossier.start", "dossier.submit", "dossier.accuse_emis", "dossier.start_instruction"]
    last = entries_for_subject("dossier", str(dossier.pk)).last()
    assert last.actor_id == agent.pk and last.data == {"from": "depose", "to": "en_instruction"}
    call_command("verify_journal")  # exits with status 1 (SystemExit) if the chain were broken


def test_a_wrong_follow_up_code_does_not_match():
    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    assert not code_matches(started.dossier, "ABCD-EFGH-JKMN")
    assert not code_matches(started.dossier, "")


def test_follow_up_codes_given_before_the_keyed_fingerprint_still_match():
    from django.contrib.auth.hashers import make_password

    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    started.dossier.followup_code_hash = make_password(started.followup_code)
    assert code_matches(started.dossier, started.followup_code)
    assert not code_matches(started.dossier, "ABCD-EFGH-JKMN")


def test_follow_up_codes_survive_a_secret_key_rotation(settings):
    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "une-toute-nouvelle-cle-secrete-" + "x" * 40
    assert code_matches(started.dossier, started.followup_code)


def test_a_mobile_of_mayotte_typed_the_national_way_is_stored_with_its_country_code():
    started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
    errors = drafts.set_contact(
        dossier_id=started.dossier.pk,
        contact_name="Zaïnaba Ali",
        contact_email="",
        contact_phone="0639 20 12 34",
        contact_address="BP 12\n97600 Mamoudzou",
        notify_by="sms",
    )
    started.dossier.refresh_from_db()
    assert errors == {} and started.dossier.contact_phone == "+262639201234"
