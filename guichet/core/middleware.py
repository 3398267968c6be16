from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from guichet.core.exceptions import GuichetError


class GuichetErrorMiddleware:
    """Maps our own exceptions, once, to a French page with the right status.

    The request's transaction has already been rolled back (ATOMIC_REQUESTS) when this runs, so
    nothing is half-written. Views still catch errors themselves where they can redisplay a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, GuichetError) or request.path.startswith("/api/"):
            return None
        if callable(getattr(exception, "after_rollback", None)):
            exception.after_rollback()  # e.g. journal a refusal, which the rollback would have lost
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        return render(
            request,
            "core/error.html",
            {"message": exception.message, "back": back},
            status=exception.status_code,
        )
