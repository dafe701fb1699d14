from django.apps import AppConfig


class GuideRessourcesConfig(AppConfig):
    name = "guide_ressources"
    verbose_name = "Guide ressources"
