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


class NoStoreMiddleware:
    """Nothing Guichet renders is kept by a browser or a proxy cache unless its view says so.

    Pages carry people's dossiers, receipts, letters, exports and codes; on a shared computer (France
    Services, médiathèque) the browser's cache or its "back" button must not hand them to the next
    person. Static files never reach this middleware (WhiteNoise answers them before it, with their own
    long cache headers); a view that wants its response cached sets Cache-Control itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
