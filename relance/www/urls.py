from django.contrib.auth import views as auth_views
from django.urls import path

from relance.www import (
    audit,
    backoffice,
    bilan,
    bulk_pages,
    dashboard,
    imports,
    portal,
    public,
    queue_pages,
    request_pages,
    simulations,
    tasks,
    views,
)

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
    path("espace/", portal.portal_home, name="portal-home"),
    path("espace/demandes/nouvelle/", portal.wizard_step, name="portal-new-start"),
    path("espace/demandes/nouvelle/<int:step>/", portal.wizard_step, name="portal-new"),
    path("demandes/<int:pk>/", request_pages.request_detail, name="request-detail"),
    path("demandes/<int:pk>/modifier/", portal.wizard_edit, name="request-edit"),
    path(
        "demandes/<int:pk>/actions/<str:action>/",
        request_pages.request_action,
        name="request-action",
    ),
    path("demandes/<int:pk>/notes/", request_pages.note_create, name="request-note"),
    path(
        "demandes/<int:pk>/documents/",
        request_pages.document_upload,
        name="request-document-upload",
    ),
    path(
        "demandes/<int:pk>/documents/<int:document_id>/",
        request_pages.document_download,
        name="request-document",
    ),
    path("demandes/<int:pk>/attribuer/", queue_pages.assign, name="request-assign"),
    path("gestion/", queue_pages.queue, name="queue"),
    path("gestion/export.<str:fmt>", queue_pages.queue_export, name="queue-export"),
    path("gestion/vues/", queue_pages.saved_view_create, name="saved-view-create"),
    path(
        "gestion/vues/<int:pk>/supprimer/", queue_pages.saved_view_remove, name="saved-view-delete"
    ),
    path("gestion/lot/", bulk_pages.bulk, name="queue-bulk"),
    path("finances/", backoffice.finance, name="finance"),
    path("pilotage/", dashboard.dashboard, name="dashboard"),
    path("imports/", imports.import_page, name="imports"),
    path("imports/<int:pk>/", imports.import_detail, name="import-detail"),
    path("imports/<int:pk>/rejets.csv", imports.import_rejections, name="import-rejections"),
    path("simulations/", simulations.simulation_list, name="simulations"),
    path("simulations/nouvelle/", simulations.simulation_new, name="simulation-new"),
    path("simulations/<int:pk>/", simulations.simulation_detail, name="simulation-detail"),
    path("simulations/<int:pk>/resultat.xlsx", simulations.simulation_xlsx, name="simulation-xlsx"),
    path(
        "simulations/<int:pk>/reforme.toml", simulations.simulation_reform, name="simulation-reform"
    ),
    path("taches/", tasks.task_list, name="tasks"),
    path("taches/<uuid:pk>/relancer/", tasks.task_retry, name="task-retry"),
    path("audit/", audit.audit_page, name="audit"),
    path("audit/export.csv", audit.audit_export, name="audit-export"),
    path("donnees-personnelles/", audit.personal_data, name="personal-data"),
    path("dispositif/", public.scheme, name="scheme"),
    path("dispositif/simulateur/", public.simulator, name="simulator"),
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
