from django.conf import settings
from django.http import HttpRequest


def proche(request: HttpRequest) -> dict[str, object]:
    return {
        "PROCHE_DEPARTEMENT_NOM": settings.PROCHE_DEPARTEMENT_NOM,
        "PROCHE_ACCESSIBILITE_CONFORMITE": settings.PROCHE_ACCESSIBILITE_CONFORMITE,
    }
