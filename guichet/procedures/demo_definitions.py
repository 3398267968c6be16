"""The three demo procedures, as a responsable would define them."""

LOGEMENT_URGENCE = {
    # A local emergency aid, shown next to the housing benefits a screening finds, never as their claim.
    "en_complement_de": ["aides_logement"],
    "sections": [
        {
            "key": "situation",
            "title": "Votre situation",
            "fields": [
                {"key": "nom", "type": "text", "label": "Nom et prénom", "required": True},
                {"key": "date_naissance", "type": "date", "label": "Date de naissance", "required": True},
                {
                    "key": "telephone",
                    "type": "phone",
                    "label": "Téléphone",
                    "required": False,
                    "help": "Pour que le CCAS puisse vous rappeler rapidement.",
                },
                {
                    "key": "a_des_enfants",
                    "type": "yesno",
                    "label": "Des enfants vivent-ils avec vous ?",
                    "required": True,
                },
                {
                    "key": "nb_enfants",
                    "type": "number",
                    "label": "Combien d'enfants ?",
                    "required": True,
                    "show_if": {"field": "a_des_enfants", "equals": "oui"},
                },
            ],
        },
        {
            "key": "logement",
            "title": "Votre logement",
            "fields": [
                {
                    "key": "situation_logement",
                    "type": "choice",
                    "label": "Où dormez-vous en ce moment ?",
                    "required": True,
                    "choices": [
                        "Dans mon logement, menacé d'expulsion",
                        "Chez un proche",
                        "À l'hôtel",
                        "Dans un véhicule",
                        "À la rue",
                    ],
                },
                {
                    "key": "adresse",
                    "type": "address",
                    "label": "Adresse où vous joindre",
                    "required": False,
                    "help": "Facultatif : une adresse de domiciliation convient.",
                },
                {
                    "key": "loyer",
                    "type": "number",
                    "label": "Loyer ou frais d'hébergement par mois (en euros)",
                    "required": False,
                },
                {
                    "key": "motif",
                    "type": "textarea",
                    "label": "Expliquez votre besoin en quelques mots",
                    "required": True,
                },
            ],
        },
        {
            "key": "ressources",
            "title": "Vos ressources",
            "fields": [
                {
                    "key": "revenus",
                    "type": "number",
                    "label": "Total de vos revenus du mois dernier (en euros)",
                    "required": True,
                    "help": "Salaires, allocations, pensions : tout compte.",
                },
                {
                    "key": "iban",
                    "type": "iban",
                    "label": "IBAN pour le versement de l'aide",
                    "required": False,
                    "help": "Facultatif : sans IBAN, l'aide peut être versée par un autre moyen.",
                },
            ],
        },
    ],
    "documents": [
        {
            "key": "piece_identite",
            "label": "Pièce d'identité ou titre de séjour",
            "required": True,
            "why": "Pour vérifier qui fait la demande.",
            "accept": ["pdf", "jpg", "png"],
            "max_size_mb": 10,
        },
        {
            "key": "justificatif_ressources",
            "label": "Justificatif de ressources",
            "required": False,
            "why": "Pour calculer le montant de l'aide. Sans justificatif, le CCAS vous aide à le retrouver.",
            "accept": ["pdf", "jpg", "png"],
            "max_size_mb": 10,
        },
    ],
}

CANTINE = {
    "sections": [
        {
            "key": "enfant",
            "title": "L'enfant",
            "fields": [
                {"key": "nom_enfant", "type": "text", "label": "Nom et prénom de l'enfant", "required": True},
                {
                    "key": "date_naissance_enfant",
                    "type": "date",
                    "label": "Date de naissance de l'enfant",
                    "required": True,
                },
                {
                    "key": "ecole",
                    "type": "choice",
                    "label": "École",
                    "required": True,
                    "choices": ["École Jean-Moulin", "École des Tilleuls", "École Paul-Bert"],
                },
                {
                    "key": "allergies",
                    "type": "yesno",
                    "label": "L'enfant a-t-il une allergie alimentaire ?",
                    "required": True,
                },
                {
                    "key": "allergies_detail",
                    "type": "textarea",
                    "label": "Précisez les allergies",
                    "required": True,
                    "show_if": {"field": "allergies", "equals": "oui"},
                },
            ],
        },
        {
            "key": "famille",
            "title": "Le responsable légal",
            "fields": [
                {
                    "key": "nom_parent",
                    "type": "text",
                    "label": "Nom et prénom du responsable légal",
                    "required": True,
                },
                {
                    "key": "telephone_parent",
                    "type": "phone",
                    "label": "Téléphone en cas d'urgence",
                    "required": True,
                },
                {
                    "key": "quotient",
                    "type": "number",
                    "label": "Quotient familial CAF (si vous le connaissez)",
                    "required": False,
                    "help": "Il sert à calculer le tarif ; sans lui, le tarif le plus bas est appliqué en attendant.",
                },
            ],
        },
    ],
    "documents": [
        {
            "key": "attestation_caf",
            "label": "Attestation de quotient familial",
            "required": False,
            "why": "Pour appliquer le bon tarif.",
            "accept": ["pdf", "jpg", "png"],
            "max_size_mb": 5,
        },
    ],
}

CARTE_MOBILITE = {
    "sections": [
        {
            "key": "demandeur",
            "title": "La personne concernée",
            "fields": [
                {"key": "nom", "type": "text", "label": "Nom et prénom", "required": True},
                {"key": "date_naissance", "type": "date", "label": "Date de naissance", "required": True},
                {
                    "key": "adresse",
                    "type": "address",
                    "label": "Adresse postale",
                    "required": True,
                    "help": "La carte est envoyée à cette adresse.",
                },
            ],
        },
        {
            "key": "besoin",
            "title": "Votre besoin",
            "fields": [
                {
                    "key": "mention",
                    "type": "choice",
                    "label": "Mention demandée",
                    "required": True,
                    "choices": ["Stationnement", "Priorité", "Invalidité"],
                },
                {
                    "key": "deja_titulaire",
                    "type": "yesno",
                    "label": "Avez-vous déjà eu une carte ?",
                    "required": True,
                },
                {
                    "key": "numero_carte",
                    "type": "text",
                    "label": "Numéro de l'ancienne carte",
                    "required": False,
                    "show_if": {"field": "deja_titulaire", "equals": "oui"},
                },
            ],
        },
    ],
    "documents": [
        {
            "key": "certificat_medical",
            "label": "Certificat médical de moins de 6 mois",
            "required": True,
            "why": "La commission en a besoin pour décider.",
            "accept": ["pdf", "jpg", "png"],
            "max_size_mb": 10,
        },
        {
            "key": "photo",
            "label": "Photo d'identité",
            "required": True,
            "why": "Elle figure sur la carte.",
            "accept": ["jpg", "png"],
            "max_size_mb": 5,
        },
    ],
}
