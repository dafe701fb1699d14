from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours"

    def ready(self) -> None:
        from parcours.chronologie import source_chronologie
        from parcours.selectors_documents import evenements_documents

        # The documents' deposits and deletions in the pathway's timeline.
        source_chronologie("parcours.documents")(evenements_documents)
