"""The error summary after a failed submit: focused without script, each link on its field (issue 19, 8)."""

from django import forms
from django.template.loader import render_to_string

from guichet.core.forms import GuichetForm


class Example(GuichetForm):
    name = forms.CharField(label="Nom")
    choice = forms.ChoiceField(label="Situation", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_the_summary_is_focused_on_load_and_every_link_targets_a_real_field():
    form = Example(data={})
    assert not form.is_valid()
    summary = render_to_string("core/includes/form_errors.html", {"form": form})
    fields = form.as_div()
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert 'href="#"' not in summary
    for target in ("id_name", "id_choice_0"):
        assert f'href="#{target}"' in summary
        assert f'id="{target}"' in fields
