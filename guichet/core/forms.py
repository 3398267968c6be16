from dsfr.forms import DsfrBaseForm


class GuichetForm(DsfrBaseForm):
    """Base of our forms: DSFR markup (styled by either theme), optional fields marked."""
