from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "guichet.screening"
    verbose_name = "Simulation de droits"
