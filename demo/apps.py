from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the one-command local run. Sits above every domain app (it seeds all of them)."""

    name = "demo"
    verbose_name = "Démonstration"
