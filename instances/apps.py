from django.apps import AppConfig


class InstancesConfig(AppConfig):
    name = "instances"
    verbose_name = "Instances et commissions"

    def ready(self) -> None:
        # Registers the aid files' events in the pathway timeline (parcours.chronologie).
        from instances import chronologie  # noqa: F401
