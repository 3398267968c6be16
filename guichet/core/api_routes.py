from ninja import Router, Schema

from guichet.core.channels import Channel

router = Router(tags=["Socle"])


class ChannelOut(Schema):
    code: str
    libelle: str


class HealthOut(Schema):
    etat: str


@router.get("/canaux", response=list[ChannelOut], summary="Les canaux d'accès (vocabulaire commun)")
def list_channels(request):
    return [{"code": value, "libelle": str(label)} for value, label in Channel.choices]


@router.get("/sante", response=HealthOut, auth=None, summary="L'API répond")
def health(request):
    return {"etat": "ok"}
