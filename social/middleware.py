"""Request-wide memo of the dated parameters (rule G-1): each one is read once per request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from social.parametres import parametres_memorises


class ParametresParRequeteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with parametres_memorises():
            return self.get_response(request)
