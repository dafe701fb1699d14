from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours"

    def ready(self) -> None:
        # Timeline sources (parcours.chronologie): registered when their module is imported.
        from parcours import selectors_orientations  # noqa: F401
