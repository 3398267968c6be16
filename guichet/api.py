"""The JSON API, assembled at the project level beside urls.py: one NinjaAPI, token auth for organisations,
one error body for every failure, and every module's router (core imports no module).

Error body, always: {"erreur": {"code": "...", "message": "... in French ...", "details": [...]}}
"""

import logging

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from guichet.accounts.services import authenticate_api_key
from guichet.core.exceptions import GuichetError


class OrganisationToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        api_token = authenticate_api_key(key=token)
        if api_token is None:
            return None
        request.api_organisation = api_token.organisation
        return api_token


class ErrorDetail(Schema):
    code: str
    message: str
    details: list[dict] = []


class ErrorBody(Schema):
    erreur: ErrorDetail


api = NinjaAPI(
    title="API Guichet",
    version="1",
    description=(
        "API du Guichet pour les systèmes des organisations. Authentification : en-tête "
        "`Authorization: Bearer <jeton>`, jeton créé par un responsable dans son espace. "
        'Toute erreur a la forme `{"erreur": {"code", "message", "details"}}`.'
    ),
    auth=OrganisationToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def error_response(request, *, status: int, code: str, message: str, details: list | None = None):
    return api.create_response(
        request, {"erreur": {"code": code, "message": message, "details": details or []}}, status=status
    )


@api.exception_handler(GuichetError)
def on_guichet_error(request, exc: GuichetError):
    return error_response(
        request,
        status=exc.status_code,
        code=exc.code,
        message=exc.message,
        details=getattr(exc, "details", None),
    )


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    details = [
        {"champ": ".".join(str(p) for p in error.get("loc", [])), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return error_response(
        request,
        status=422,
        code="donnees_invalides",
        message=_("La requête contient des données invalides."),
        details=details,
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return error_response(
        request,
        status=401,
        code="authentification_requise",
        message=_(
            "Jeton d'API manquant, inconnu ou révoqué. Envoyez l'en-tête Authorization: Bearer <jeton>."
        ),
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return error_response(
        request,
        status=404,
        code="introuvable",
        message=_("Cet objet n'existe pas, ou vous n'y avez pas accès."),
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return error_response(request, status=exc.status_code, code="erreur_http", message=str(exc))


@api.exception_handler(Exception)
def on_unexpected_error(request, exc):
    logging.getLogger("guichet.api").exception("Erreur inattendue dans l'API")
    return error_response(
        request,
        status=500,
        code="erreur_interne",
        message=_("Une erreur inattendue s'est produite. L'équipe technique a été prévenue."),
    )


def register_routers() -> None:
    from guichet.accounts.api import router as accounts_router
    from guichet.appointments.api import router as appointments_router
    from guichet.core.api_routes import router as core_router
    from guichet.mandates.api import router as mandates_router
    from guichet.mediation.api import router as mediation_router
    from guichet.places.api import router as places_router
    from guichet.procedures.api import router as procedures_router
    from guichet.screening.api import router as screening_router

    api.add_router("/", core_router)
    api.add_router("/", accounts_router)
    api.add_router("/", procedures_router)
    api.add_router("/", mandates_router)
    api.add_router("/", mediation_router)
    api.add_router("/", screening_router)
    api.add_router("/", places_router)
    api.add_router("/", appointments_router)


register_routers()
