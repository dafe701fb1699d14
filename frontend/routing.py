from django.urls import path

from frontend.consumers import NotificationsConsumer, SeanceConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationsConsumer.as_asgi(), name="ws_notifications"),
    path("ws/seances/<uuid:public_id>/", SeanceConsumer.as_asgi(), name="ws_seance"),
]
