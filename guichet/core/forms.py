from django.utils.html import conditional_escape
from dsfr.forms import DsfrBaseForm, DsfrBoundField, DsfrDjangoTemplates

# django-dsfr's forms give the renderer *class*, so Django builds a new one, with a new template engine,
# for every form: each page with a form parsed its field templates again (7 ms of the 20 ms of a
# booking page). One renderer per process keeps them parsed.
DSFR_RENDERER = DsfrDjangoTemplates()


class EscapedHelpBoundField(DsfrBoundField):
    """django-dsfr's field templates print `help_text` with `|safe`. A help text a responsable typed in
    the procedure editor would then reach the anonymous usager's page as HTML (a link, a `<meta refresh>`
    to another site): it is escaped here, except a help text of ours marked safe on purpose."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        self.help_text = conditional_escape(self.help_text) if self.help_text else ""


class GuichetForm(DsfrBaseForm):
    """Base of our forms: DSFR markup (styled by either theme), optional fields marked, help escaped."""

    bound_field_class = EscapedHelpBoundField
    default_renderer = DSFR_RENDERER


def errors_text(form) -> str:
    """A bound form's error messages in one French sentence, for a page that shows them as one message."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
