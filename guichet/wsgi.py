import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (after Django is set up)


def _load_weasyprint() -> None:
    """Receipts are rendered at each deposit: load WeasyPrint (1 s) before the first one, not during it."""
    from weasyprint import HTML

    HTML(string="<p>Guichet</p>").write_pdf()


threading.Thread(target=_load_weasyprint, name="pdf-warm-up", daemon=True).start()

if settings.SCREENING_WARM_UP_AT_START:
    from guichet.screening.engine.warm import warm_up_in_background

    warm_up_in_background()
