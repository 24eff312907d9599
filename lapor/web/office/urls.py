"""The back office (/kantor/): queues, report workspace, institution settings."""

from django.urls import path

from lapor.web.office import auth, institution, national, queues, workspace

app_name = "office"

urlpatterns = [
    path("", queues.dashboard, name="dashboard"),
    path("masuk/", auth.login_view, name="login"),
    path("masuk/kode/", auth.login_code_view, name="login_code"),
    path("keluar/", auth.logout_view, name="logout"),
    path("keamanan/", auth.security_view, name="security"),
    path("antrean/<slug:slug>/", queues.queue_view, name="queue"),
    path("antrean/<slug:slug>/massal/", queues.bulk_view, name="bulk"),
    path("laporan/<str:tracking_id>/", workspace.workspace, name="workspace"),
    path("laporan/<str:tracking_id>/tindakan/<slug:action>/", workspace.act, name="act"),
    path("instansi/", institution.index, name="institutions"),
    path("instansi/<slug:code>/", institution.overview, name="institution"),
    path("instansi/<slug:code>/unit/", institution.units, name="units"),
    path("instansi/<slug:code>/unit/<slug:unit>/", institution.unit_edit, name="unit"),
    path("instansi/<slug:code>/staf/", institution.staff, name="staff"),
    path(
        "instansi/<slug:code>/staf/<int:pk>/cabut/", institution.staff_revoke, name="staff_revoke"
    ),
    path("instansi/<slug:code>/templat/", institution.templates, name="templates"),
    path("instansi/<slug:code>/templat/<int:pk>/", institution.template_edit, name="template"),
    path(
        "instansi/<slug:code>/templat/<int:pk>/hapus/",
        institution.template_delete,
        name="template_delete",
    ),
    path("instansi/<slug:code>/webhook/", institution.webhooks, name="webhooks"),
    path("instansi/<slug:code>/webhook/<int:pk>/", institution.webhook_edit, name="webhook"),
    path(
        "instansi/<slug:code>/webhook/<int:pk>/hapus/",
        institution.webhook_delete,
        name="webhook_delete",
    ),
    path("nasional/admin-instansi/", national.institution_admins, name="national_admins"),
]
