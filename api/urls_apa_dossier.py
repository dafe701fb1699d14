"""Routes of the APA file of a pathway (``api.views.apa_dossier``): one endpoint per operation."""

from django.urls import URLPattern, path

from api.views import apa_dossier as v

urlpatterns: list[URLPattern] = [
    path("parcours/<uuid:public_id>/apa/", v.ParcoursApaApi.as_view(), name="parcours_apa"),
    *(
        path(f"parcours/<uuid:public_id>/apa/{segment}/", vue.as_view(), name=f"parcours_apa_{nom}")
        for nom, segment, vue in (
            ("demande", "demande", v.ParcoursApaDemandeApi),
            ("accuse", "accuse-reception", v.ParcoursApaAccuseApi),
            ("complet", "dossier-complet", v.ParcoursApaCompletApi),
            ("urgence", "urgence", v.ParcoursApaUrgenceApi),
            ("evaluations", "evaluations", v.ParcoursApaEvaluationApi),
            ("plans", "plans", v.ParcoursApaPlanApi),
            ("etablissement", "etablissement", v.ParcoursApaEtablissementApi),
            ("decisions", "decisions", v.ParcoursApaDecisionApi),
            ("notification", "notification", v.ParcoursApaNotificationApi),
            ("revisions", "revisions", v.ParcoursApaRevisionApi),
        )
    ),
]
