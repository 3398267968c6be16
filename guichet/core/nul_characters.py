"""The NUL character (U+0000) is refused at the door, on every engine.

PostgreSQL cannot store it in a text or jsonb column: a form field or an API value holding it made the
database raise, and the person got a server error (found by schemathesis on PostgreSQL). Nobody types
it; only a broken or hostile client sends it, and gets a French 4xx instead.
"""

import json

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput

NUL = "\x00"


def message() -> str:
    return _("Le caractère nul (U+0000) n'est pas accepté : retirez-le du texte envoyé.")


def holds_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


def _json_body_holds_nul(request) -> bool:
    if request.content_type != "application/json" or b"\\u0000" not in request.body:
        return False
    try:
        return holds_nul(json.loads(request.body))
    except ValueError:
        return False  # not JSON: the API answers that itself


class RefuseNulCharactersMiddleware:
    """Query strings, forms and JSON bodies (the API) are checked before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        querydicts = [request.GET]
        # The API reads its own body (JSON): parsing it here as a form would consume the stream.
        is_api = request.path.startswith("/api/")
        if request.method == "POST" and request.content_type != "application/json" and not is_api:
            querydicts.append(request.POST)
        if _json_body_holds_nul(request) or any(
            holds_nul(key) or holds_nul(qd.getlist(key)) for qd in querydicts for key in qd
        ):
            if is_api:
                body = {"erreur": {"code": InvalidInput.code, "message": message(), "details": []}}
                return JsonResponse(body, status=422)
            return render(request, "core/error.html", {"message": message(), "back": ""}, status=400)
        return self.get_response(request)
