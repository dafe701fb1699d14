"""Routes of the APA file of a pathway (``frontend.views.apa_dossier``): one form page per step."""

from django.urls import path

from frontend.views import apa_dossier

urlpatterns = [
    path(
        f"parcours/<uuid:public_id>/apa/{segment}/",
        getattr(apa_dossier, f"parcours_apa_{nom}"),
        name=f"parcours_apa_{nom}",
    )
    for nom, segment in (
        ("demande", "demande"),
        ("accuse", "accuse-reception"),
        ("complet", "dossier-complet"),
        ("urgence", "urgence"),
        ("evaluation", "evaluation"),
        ("plan", "plan-aide"),
        ("etablissement", "etablissement"),
        ("decision", "decision"),
        ("notification", "notification"),
        ("revision", "revision"),
    )
]
