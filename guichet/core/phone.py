"""Phone numbers of every French territory, stored in E.164, read with libphonenumber's data.

`0692 12 34 56` is a Réunion mobile, `+262692123456`, not `+33692123456`: a number written the national
way is tried in metropolitan France first, then in each overseas territory with its own country code,
and kept in the first where it is a valid number. A region given by the caller (from the person's
commune) is tried first. Whether a number can receive an SMS is known from its type (mobile or not).
"""

import re

import phonenumbers
from django.utils.translation import gettext as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from guichet.core.exceptions import InvalidInput

# Metropolitan France, then the territories whose numbers are written the French way (0 + 9 digits)
# but belong to another country code: Réunion and Mayotte (+262), Guadeloupe, Saint-Barthélemy,
# Saint-Martin (+590), Martinique (+596), Guyane (+594), Saint-Pierre-et-Miquelon (+508).
FRENCH_REGIONS = ("FR", "RE", "YT", "GP", "MQ", "GF", "PM", "BL", "MF")
# INSEE code prefix of an overseas commune -> its numbering region.
COMMUNE_REGIONS = {
    "971": "GP",
    "972": "MQ",
    "973": "GF",
    "974": "RE",
    "975": "PM",
    "976": "YT",
    "977": "BL",
    "978": "MF",
}
SMS_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def region_of_commune(insee_code: str) -> str | None:
    return COMMUNE_REGIONS.get((insee_code or "")[:3])


def region_of_address(address: str) -> str | None:
    """The numbering region of the postal code written in an address (overseas postal codes start with
    the same three digits as their communes' INSEE codes: 974 for Réunion, 976 for Mayotte…)."""
    for postal_code in re.findall(r"(?<!\d)(\d{5})(?!\d)", address or ""):
        region = region_of_commune(postal_code)
        if region:
            return region
    return None


def _refused(raw: str) -> InvalidInput:
    return InvalidInput(
        _("Le numéro « %s » n'est pas reconnu. Écrivez-le comme 06 12 34 56 78 ou +33 6 12 34 56 78.")
        % (raw or "")
    )


def parse_phone(raw: str, *, region: str | None = None) -> phonenumbers.PhoneNumber:
    """The number as libphonenumber understands it, or InvalidInput in French."""
    text = (raw or "").strip()
    if not text or len(text) > 40:
        raise _refused(raw)
    regions = ([region] if region else []) + [r for r in FRENCH_REGIONS if r != region]
    for candidate in regions:
        try:
            number = phonenumbers.parse(text, candidate)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
        if text.startswith(("+", "00")):
            break  # an international number does not depend on the region tried
    raise _refused(raw)


def normalize_phone(raw: str, *, region: str | None = None) -> str:
    """Turn a number as people type it (spaces, dots, +33 (0)…, overseas) into E.164, or InvalidInput."""
    return phonenumbers.format_number(parse_phone(raw, region=region), PhoneNumberFormat.E164)


def can_receive_sms(e164: str) -> bool:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in SMS_TYPES


def require_sms_capable(e164: str) -> str:
    if not can_receive_sms(e164):
        raise InvalidInput(_("Ce numéro ne reçoit pas les SMS : choisissez le courrier ou l'appel."))
    return e164


def display_phone(e164: str) -> str:
    """As people write it: `06 12 34 56 78`, `0692 12 34 56`; abroad, the international form."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164 or ""
    if phonenumbers.region_code_for_number(number) in FRENCH_REGIONS:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
