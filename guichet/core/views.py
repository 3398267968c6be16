from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from guichet.core.channels import Channel


@require_GET
def home(request):
    return render(request, "core/home.html", {"channels": Channel.choices})


@require_GET
def accessibility(request):
    return render(request, "core/accessibilite.html")


@require_GET
def legal(request):
    return render(request, "core/mentions_legales.html")


@require_http_methods(["GET", "POST"])
def clear_traces(request):
    """« J'ai fini, effacer mes traces » : on a shared computer, end everything this browser holds.

    The session is flushed (logged out, dossiers and screenings opened with a code forgotten, codes to
    hand over gone); the page then says what the browser itself may still keep.
    """
    if request.method == "POST":
        request.session.flush()
        return render(request, "core/traces_effacees.html")
    return render(request, "core/effacer_traces.html")


@require_GET
@never_cache
def healthz(request):
    """For the load balancer and the monitoring: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"etat": "ok"})


def error_403(request, exception=None):
    return render(request, "core/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "core/404.html", status=404)


def error_500(request):
    return render(request, "core/500.html", status=500)
