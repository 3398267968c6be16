"""Delivery receipts posted by the SMS providers (behind a secret address, GUICHET_SMS_RECEIPT_TOKEN)."""

import hmac
import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from guichet.core.notifications.services import record_delivery_receipt

# Brevo's SMS webhook events; OVHcloud's `dlr` codes (1 delivered, 2 and 16 not delivered).
BREVO_DELIVERED, BREVO_FAILED = {"delivered"}, {"hardBounce", "hard_bounce", "rejected", "error"}
OVH_DELIVERED, OVH_FAILED = {"1"}, {"2", "16"}


def _check_token(token: str) -> None:
    expected = settings.GUICHET_SMS_RECEIPT_TOKEN
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Http404


@csrf_exempt
@require_http_methods(["POST"])
def brevo_receipt(request, token):
    _check_token(token)
    try:
        event = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"erreur": "Corps JSON attendu."}, status=400)
    if not isinstance(event, dict):
        return JsonResponse({"erreur": "Corps JSON attendu."}, status=400)
    status = str(event.get("event") or event.get("msg_status") or "")
    if status in BREVO_DELIVERED | BREVO_FAILED:
        record_delivery_receipt(
            artifact=f"brevo:{event.get('messageId', '')}",
            delivered=status in BREVO_DELIVERED,
            provider_status=status,
        )
    return JsonResponse({"recu": True})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def ovh_receipt(request, token):
    _check_token(token)
    params = request.GET if request.method == "GET" else request.POST
    dlr = params.get("dlr", "")
    if dlr in OVH_DELIVERED | OVH_FAILED:
        record_delivery_receipt(
            artifact=f"ovh:{params.get('id', '')}",
            delivered=dlr in OVH_DELIVERED,
            provider_status=f"dlr={dlr} {params.get('descriptionDlr', '')}".strip(),
        )
    return JsonResponse({"recu": True})
