"""`{% load phones %}` then `{{ number|phone_link }}`: a number as people write it, as a `tel:` link."""

from django import template
from django.utils.html import format_html

from guichet.core.phone import display_phone

register = template.Library()


@register.filter
def phone_display(e164: str) -> str:
    return display_phone(e164) if e164 else ""


@register.filter
def phone_link(e164: str):
    if not e164:
        return ""
    return format_html('<a href="tel:{}">{}</a>', e164, display_phone(e164))
