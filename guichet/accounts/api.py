from ninja import Router, Schema

router = Router(tags=["Organisation"])


class OrganisationOut(Schema):
    id: str
    nom: str
    type: str
    type_libelle: str


@router.get("/organisation", response=OrganisationOut, summary="L'organisation qui détient le jeton")
def my_organisation(request):
    organisation = request.api_organisation
    return {
        "id": str(organisation.id),
        "nom": organisation.name,
        "type": organisation.kind,
        "type_libelle": str(organisation.get_kind_display()),
    }
