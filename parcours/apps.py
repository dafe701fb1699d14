from django.apps import AppConfig


class ParcoursConfig(AppConfig):
    name = "parcours"
    verbose_name = "Parcours"

    def ready(self) -> None:
        from parcours.chronologie import source_chronologie
        from parcours.chronologie_pch_rsa import source_pch, source_sanctions_rsa

        source_chronologie("pch")(source_pch)
        source_chronologie("rsa_sanctions")(source_sanctions_rsa)
        # Timeline sources (parcours.chronologie): registered when their module is imported.
        from parcours import selectors_orientations  # noqa: F401
        from parcours.selectors_documents import evenements_documents

        # The documents' deposits and deletions in the pathway's timeline.
        source_chronologie("parcours.documents")(evenements_documents)
