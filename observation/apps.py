from django.apps import AppConfig


class ObservationConfig(AppConfig):
    """The « Atlas des solidarités »: indicators precomputed from every domain app (it sits above them,
    none imports it; ``api`` and ``frontend`` read it)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "observation"
    verbose_name = "Observation sociale"
