"""The interface speaks French unless the person chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language header. Guichet's English catalogue is
only started, so a browser set to English got a page half in English (menus, dates: « Simulation du
2 December 2026 ») and half in French. A French public service answers in French; another language is
used only when the person chose it (the `django_language` cookie, set by Django's `set_language` view).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
