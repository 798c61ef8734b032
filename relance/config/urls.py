from django.contrib import admin
from django.urls import include, path

from relance.api.urls import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("relance.www.urls")),
]

handler400 = "relance.api.errors.bad_request"
handler403 = "relance.api.errors.permission_denied"
handler404 = "relance.api.errors.page_not_found"
handler500 = "relance.api.errors.server_error"
