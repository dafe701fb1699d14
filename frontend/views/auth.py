"""Login and logout: Django's views with French templates; logout by POST only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from frontend.forms import ConnexionForm

connexion = auth_views.LoginView.as_view(
    template_name="frontend/connexion.html",
    authentication_form=ConnexionForm,
    redirect_authenticated_user=True,
)


class DeconnexionView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("Vous avez été déconnecté. À bientôt."))
        return response


deconnexion = DeconnexionView.as_view()
