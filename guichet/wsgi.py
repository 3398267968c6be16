import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after Django is set up)

if settings.SCREENING_WARM_UP_AT_START:
    from guichet.screening.engine.warm import warm_up_in_background

    warm_up_in_background()
