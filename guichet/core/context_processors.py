from django.conf import settings


def guichet(request):
    """Theme and service names for every template; no database query."""
    return {
        "GUICHET_THEME": settings.GUICHET_THEME,
        "GUICHET_DSFR_SUBSET": settings.GUICHET_DSFR_CSS == "sous-ensemble",
        "GUICHET_SERVICE_NAME": settings.GUICHET_SERVICE_NAME,
        "GUICHET_OPERATOR_NAME": settings.GUICHET_OPERATOR_NAME,
    }
