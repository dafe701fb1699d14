from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Proche : administration fonctionnelle"
admin.site.site_title = "Proche"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("", include("frontend.urls")),
]
