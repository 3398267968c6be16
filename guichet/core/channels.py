"""The channels through which a person reaches the administration.

Every module records which channel a request or an action came through, with the same
vocabulary, so that the observatory can compare them and no channel is second-class.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("En ligne")
    COUNTER = "counter", _("Au guichet")
    PHONE = "phone", _("Par téléphone")
    MAIL = "mail", _("Par courrier")
    AIDANT = "aidant", _("Avec un aidant")

    @classmethod
    def agent_entered(cls) -> list["Channel"]:
        """Channels where a member of staff types what the person said or sent."""
        return [cls.COUNTER, cls.PHONE, cls.MAIL]
