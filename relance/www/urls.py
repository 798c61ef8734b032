from django.contrib.auth import views as auth_views
from django.urls import path

from relance.www import bilan, views

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe-oublie/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reinitialisation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reinitialisation/terminee/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/", views.invitation_create, name="invitation-create"),
    path(
        "invitation/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path("entreprises/<str:siren>/", views.company_detail, name="company-detail"),
    path("bilan/<int:year>", bilan.bilan_live, name="bilan-live"),
    path("bilan/<int:year>/export.<str:fmt>", bilan.bilan_live_export, name="bilan-live-export"),
    path("bilan/<int:year>/public", bilan.bilan_public, name="bilan-public"),
    path(
        "bilan/<int:year>/public/export.<str:fmt>",
        bilan.bilan_public_export,
        name="bilan-public-export",
    ),
    path("bilan/<int:year>/editions/<int:number>", bilan.bilan_edition, name="bilan-edition"),
]
