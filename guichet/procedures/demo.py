"""Demo procedures and dossiers in every state and every channel. Idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guichet.accounts import services as accounts_services
from guichet.accounts.models import Organisation, Role, User
from guichet.core.channels import Channel
from guichet.procedures import demo_definitions, receipts, selectors
from guichet.procedures.models import Procedure
from guichet.procedures.services import catalogue, drafts, transitions

# The smallest valid PDF: enough for the content check, readable by any viewer.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DEMO_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

PROCEDURES = [
    {
        "slug": "aide-logement-urgence",
        "title": "Aide au logement d'urgence",
        "summary": "Une aide du CCAS pour les personnes menacées de perdre leur logement ou sans solution "
        "pour dormir ce soir ou dans les prochains jours.",
        "category": "logement",
        "organisation": "CCAS de Villeneuve-sur-Lot",
        "definition": demo_definitions.LOGEMENT_URGENCE,
        "instruction_delay": (15, "jours"),
        "implicit_decision": "rejection",
    },
    {
        "slug": "inscription-cantine",
        "title": "Inscription à la cantine scolaire",
        "summary": "Inscrire un enfant au restaurant scolaire d'une école publique de la commune.",
        "category": "famille",
        "organisation": "Mairie de Villeneuve-sur-Lot",
        "definition": demo_definitions.CANTINE,
        "instruction_delay": (1, "mois"),
        "implicit_decision": "acceptance",
    },
    {
        "slug": "carte-mobilite-inclusion",
        "title": "Carte mobilité inclusion (demande simplifiée)",
        "summary": "Demander la carte qui facilite le stationnement, la priorité dans les files d'attente "
        "ou qui atteste d'une invalidité.",
        "category": "social",
        "organisation": "CCAS de Villeneuve-sur-Lot",
        "definition": demo_definitions.CARTE_MOBILITE,
        "instruction_delay": (4, "mois"),
        "implicit_decision": "rejection",
    },
]

LOGEMENT_ANSWERS = {
    "nom": "Jeannine Leroy",
    "date_naissance": "1958-03-14",
    "a_des_enfants": "non",
    "situation_logement": "Chez un proche",
    "motif": "Mon propriétaire a repris le logement, je suis hébergée chez ma sœur pour quelques jours.",
    "revenus": "912,40",
}
CANTINE_ANSWERS = {
    "nom_enfant": "Inès Benali",
    "date_naissance_enfant": "2018-09-02",
    "ecole": "École des Tilleuls",
    "allergies": "oui",
    "allergies_detail": "Arachide",
    "nom_parent": "Samira Benali",
    "telephone_parent": "06 12 34 56 78",
}
CMI_ANSWERS = {
    "nom": "Marcel Dupuy",
    "date_naissance": "1941-11-30",
    "adresse": "4 rue des Lilas\n47300 Villeneuve-sur-Lot",
    "mention": "Stationnement",
    "deja_titulaire": "non",
}


def _organisation(name: str) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        organisation = accounts_services.create_organisation(
            name=name,
            kind=Organisation.Kind.SERVICE,
            email="scolaire@villeneuve.example",
            phone="+33553000010",
            address="Mairie — service scolaire\nPlace de la Mairie\n47300 Villeneuve-sur-Lot",
        )
    return organisation


def load_demo() -> list[str]:
    created = []
    for spec in PROCEDURES:
        if Procedure.objects.filter(slug=spec["slug"]).exists():
            continue
        procedure = catalogue.create_procedure(
            organisation=_organisation(spec["organisation"]),
            title=spec["title"],
            summary=spec["summary"],
            category=spec["category"],
            slug=spec["slug"],
            publish=True,
        )
        catalogue.publish_version(
            procedure=procedure,
            definition=spec["definition"],
            instruction_delay=spec["instruction_delay"][0],
            instruction_unit=spec["instruction_delay"][1],
            implicit_decision=spec["implicit_decision"],
        )
        created.append(procedure)
    agent = User.objects.filter(username="agent").first()
    mairie = Organisation.objects.filter(name="Mairie de Villeneuve-sur-Lot").first()
    if agent and mairie:
        accounts_services.add_member(user=agent, organisation=mairie, role=Role.AGENT)
    if created and agent:
        _demo_dossiers(agent)
    # A demo database made before receipts were kept gets them now, marked « réédité ».
    for dossier in selectors.deposited_without_receipt():
        receipts.latest_or_reissued(dossier=dossier)
    return [f"Démarches de démonstration : {Procedure.objects.count()} ; suivi sans compte : /suivi/"]


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _dossier(slug, *, channel, answers, agent, contact, received_days_ago=0, documents=()):
    procedure = Procedure.objects.get(slug=slug)
    received_at = (
        timezone.now() - datetime.timedelta(days=received_days_ago) if channel != Channel.ONLINE else None
    )
    actor = agent if channel in (Channel.COUNTER, Channel.PHONE, Channel.MAIL) else None
    started = drafts.start_dossier(
        procedure=procedure,
        channel=channel,
        actor=actor,
        received_at=received_at,
        contact_name=contact["contact_name"],
    )
    dossier = drafts.save_answers(dossier_id=started.dossier.pk, values=answers)
    drafts.set_contact(dossier_id=dossier.pk, **contact)
    for slot, name, content in documents:
        drafts.add_attachment(
            dossier_id=dossier.pk,
            slot_key=slot,
            uploaded_file=_file(name, content),
            actor=actor,
            channel=channel,
        )
    return dossier


def _demo_dossiers(agent):
    letter = {
        "contact_name": "Jeannine Leroy",
        "contact_email": "",
        "contact_phone": "",
        "contact_address": "Chez Mme Martine Leroy\n8 chemin du Lot\n47300 Villeneuve-sur-Lot",
        "notify_by": "letter",
    }
    sms = {
        "contact_name": "Samira Benali",
        "contact_email": "",
        "contact_phone": "06 12 34 56 78",
        "contact_address": "",
        "notify_by": "sms",
    }
    email = {
        "contact_name": "Marcel Dupuy",
        "contact_email": "marcel.dupuy@exemple.fr",
        "contact_phone": "",
        "contact_address": "",
        "notify_by": "email",
    }
    identity = [("piece_identite", "carte-identite.pdf", DEMO_PDF)]
    cmi_docs = [("certificat_medical", "certificat.pdf", DEMO_PDF), ("photo", "photo.png", DEMO_PNG)]

    # A draft started online, not yet deposited.
    _dossier(
        "inscription-cantine",
        channel=Channel.ONLINE,
        answers={"nom_enfant": "Lucas Martin"},
        agent=agent,
        contact=sms,
    )
    # Deposited at the counter, waiting for instruction.
    counter = _dossier(
        "aide-logement-urgence",
        channel=Channel.COUNTER,
        answers=LOGEMENT_ANSWERS,
        agent=agent,
        contact=letter,
        received_days_ago=1,
        documents=identity,
    )
    transitions.submit_dossier(dossier_id=counter.pk, actor=agent, channel=Channel.COUNTER)
    # Received by phone yesterday: a person sleeping in a car (the instruction demo routes it to its group).
    car = _dossier(
        "aide-logement-urgence",
        channel=Channel.PHONE,
        answers={**LOGEMENT_ANSWERS, "nom": "Samira Benali", "situation_logement": "Dans un véhicule"},
        agent=agent,
        contact=sms,
        received_days_ago=1,
        documents=identity,
    )
    transitions.submit_dossier(dossier_id=car.pk, actor=agent, channel=Channel.PHONE)
    # Received by phone, being instructed.
    phone = _dossier(
        "inscription-cantine",
        channel=Channel.PHONE,
        answers=CANTINE_ANSWERS,
        agent=agent,
        contact=sms,
        received_days_ago=3,
    )
    transitions.submit_dossier(dossier_id=phone.pk, actor=agent, channel=Channel.PHONE)
    transitions.start_instruction(dossier_id=phone.pk, actor=agent)
    # Received by mail a week ago (date of the letter, not of typing), incomplete.
    mail = _dossier(
        "carte-mobilite-inclusion",
        channel=Channel.MAIL,
        answers=CMI_ANSWERS,
        agent=agent,
        contact=email,
        received_days_ago=7,
        documents=cmi_docs,
    )
    transitions.submit_dossier(dossier_id=mail.pk, actor=agent, channel=Channel.MAIL)
    transitions.request_correction(
        dossier_id=mail.pk,
        actor=agent,
        fields=["date_naissance"],
        documents=["certificat_medical"],
        message="La date de naissance semble inversée et le certificat médical a plus de 6 mois.",
    )
    # Online, accepted.
    accepted = _dossier(
        "inscription-cantine", channel=Channel.ONLINE, answers=CANTINE_ANSWERS, agent=agent, contact=sms
    )
    transitions.submit_dossier(dossier_id=accepted.pk, actor=None, channel=Channel.ONLINE)
    transitions.start_instruction(dossier_id=accepted.pk, actor=agent)
    transitions.decide(
        dossier_id=accepted.pk, actor=agent, accepted=True, motive="Inscription validée à partir du lundi."
    )
    # With an aidant, refused.
    aided = _dossier(
        "aide-logement-urgence",
        channel=Channel.AIDANT,
        answers=LOGEMENT_ANSWERS,
        agent=agent,
        contact=letter,
        documents=identity,
    )
    transitions.submit_dossier(dossier_id=aided.pk, actor=None, channel=Channel.AIDANT)
    transitions.start_instruction(dossier_id=aided.pk, actor=agent)
    transitions.decide(
        dossier_id=aided.pk,
        actor=agent,
        accepted=False,
        motive="Une solution d'hébergement a été trouvée par le 115 ; l'aide d'urgence n'est plus nécessaire.",
    )
    # Closed without follow-up, and withdrawn by the person.
    closed = _dossier(
        "inscription-cantine", channel=Channel.ONLINE, answers=CANTINE_ANSWERS, agent=agent, contact=sms
    )
    transitions.submit_dossier(dossier_id=closed.pk, actor=None, channel=Channel.ONLINE)
    transitions.close_dossier(
        dossier_id=closed.pk, actor=agent, motive="Demande faite en double : voir l'autre dossier."
    )
    withdrawn = _dossier(
        "carte-mobilite-inclusion",
        channel=Channel.ONLINE,
        answers=CMI_ANSWERS,
        agent=agent,
        contact=email,
        documents=cmi_docs,
    )
    transitions.submit_dossier(dossier_id=withdrawn.pk, actor=None, channel=Channel.ONLINE)
    transitions.withdraw_dossier(dossier_id=withdrawn.pk, actor=None)
