"""Public pages of the directory: where to get help, complete without JavaScript."""

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render

from guichet.places import selectors
from guichet.places.forms import SearchForm
from guichet.places.models import Place

PAGE_SIZE = 20


def search(request):
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        found = selectors.search(
            where=form.cleaned_data["lieu"],
            service=form.cleaned_data["service"],
            support=form.cleaned_data["accompagnement"],
            open_now=form.cleaned_data["ouvert"],
            distance_km=form.cleaned_data["distance"] or 20,
        )
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        prefetch_related_objects(page.object_list, "intervals")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "places/search.html", {"form": form, "page": page, "query": query.urlencode()})


def detail(request, place_id):
    place = get_object_or_404(Place.objects.prefetch_related("intervals", "procedures"), pk=place_id)
    return render(request, "places/detail.html", {"place": place})
