"""SMS that leave the building: backends for two providers French public services use.

Chosen by GUICHET_SMS_BACKEND (docs/exploitation.md):
- `guichet.core.notifications.providers.BrevoSmsBackend` — Brevo's transactional SMS HTTP API
  (POST {BREVO_API_URL}/transactionalSMS/sms, header `api-key`);
- `guichet.core.notifications.providers.OvhSmsBackend` — OVHcloud's SMS API
  (POST {OVH_API_URL}/sms/{service}/jobs, signed with the application secret and consumer key).

Each answer is sorted into a permanent failure (the number is refused: retrying will not help, the
message falls back to a letter when the person has an address) or a temporary one (quota, provider down,
time-out: retried later). Only the standard library talks HTTP: no client library to keep up to date.
"""

import hashlib
import json
import time
import urllib.error
import urllib.request
from typing import NoReturn

from django.conf import settings

from guichet.core.models import Notification
from guichet.core.notifications.backends import NotificationBackend


class DeliveryError(Exception):
    """A provider did not take the message; `str()` is a French sentence for the agent."""


class PermanentDeliveryError(DeliveryError):
    """Retrying will not help (number refused, message refused)."""


class TemporaryDeliveryError(DeliveryError):
    """Try again later (quota reached, provider unavailable, time-out)."""


def _post_json(url: str, body: dict, headers: dict, *, timeout: float) -> tuple[int, dict]:
    data = json.dumps(body).encode()
    if not url.startswith(("https://", "http://")):
        raise TemporaryDeliveryError(f"Adresse du prestataire SMS invalide : {url}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=data, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, _json(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, _json(exc.read())
    except TimeoutError as exc:
        raise TemporaryDeliveryError("Le prestataire SMS n'a pas répondu à temps.") from exc
    except urllib.error.URLError as exc:
        raise TemporaryDeliveryError(f"Le prestataire SMS est injoignable ({exc.reason}).") from exc


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {"valeur": value}


def _classify(status: int, body: dict) -> NoReturn:
    """Raise the right failure for a non-success HTTP status."""
    detail = str(body.get("message") or body.get("code") or "")[:200]
    if status in (402, 429) or status >= 500:
        raise TemporaryDeliveryError(
            f"Le prestataire SMS a refusé pour l'instant (quota ou panne, code {status}) : {detail}".rstrip(
                " :"
            )
        )
    if status in (401, 403):
        raise TemporaryDeliveryError(
            f"Le prestataire SMS refuse nos identifiants (code {status}) : vérifiez la configuration."
        )
    raise PermanentDeliveryError(
        f"Le prestataire SMS a refusé ce message (code {status}) : {detail}".rstrip(" :")
    )


class BrevoSmsBackend(NotificationBackend):
    def deliver(self, notification: Notification) -> str:
        status, body = _post_json(
            f"{settings.BREVO_API_URL.rstrip('/')}/transactionalSMS/sms",
            {
                "sender": settings.GUICHET_SMS_SENDER,
                "recipient": notification.recipient.lstrip("+"),
                "content": notification.body,
                "type": "transactional",
                "unicodeEnabled": True,
            },
            {"api-key": settings.BREVO_API_KEY, "accept": "application/json"},
            timeout=settings.GUICHET_SMS_TIMEOUT,
        )
        if status in (200, 201):
            return f"brevo:{body.get('messageId') or body.get('reference') or ''}"
        _classify(status, body)


class OvhSmsBackend(NotificationBackend):
    def deliver(self, notification: Notification) -> str:
        url = f"{settings.OVH_API_URL.rstrip('/')}/sms/{settings.OVH_SMS_SERVICE_NAME}/jobs"
        payload = {
            "message": notification.body,
            "receivers": [notification.recipient],
            "sender": settings.GUICHET_SMS_SENDER,
            "senderForResponse": False,
            "noStopClause": True,
            "charset": "UTF-8",
        }
        status, body = _post_json(
            url, payload, self._signed_headers(url, payload), timeout=settings.GUICHET_SMS_TIMEOUT
        )
        if status == 200:
            if body.get("invalidReceivers"):
                raise PermanentDeliveryError(
                    "Le prestataire SMS refuse ce numéro : il ne peut pas recevoir de SMS."
                )
            ids = body.get("ids") or [""]
            return f"ovh:{ids[0]}"
        _classify(status, body)

    @staticmethod
    def _signed_headers(url: str, payload: dict) -> dict:
        """OVHcloud's request signature: "$1$" + SHA-1 of secret+consumer+method+url+body+timestamp."""
        timestamp = str(int(time.time()))
        body = json.dumps(payload)
        signed = "+".join(
            [settings.OVH_APPLICATION_SECRET, settings.OVH_CONSUMER_KEY, "POST", url, body, timestamp]
        )
        return {
            "X-Ovh-Application": settings.OVH_APPLICATION_KEY,
            "X-Ovh-Consumer": settings.OVH_CONSUMER_KEY,
            "X-Ovh-Timestamp": timestamp,
            "X-Ovh-Signature": "$1$" + hashlib.sha1(signed.encode()).hexdigest(),  # noqa: S324 (the API's scheme)
        }
