"""Citizen pages: home, report form, tracking, public feed, accounts (Indonesian URLs)."""

from django.urls import path

from lapor.web.citizen import accounts, views

app_name = "citizen"

urlpatterns = [
    path("", views.home, name="home"),
    # the report form and its pickers
    path("lapor/", views.report_form, name="report"),
    path("lapor/terkirim/<str:tracking_id>/", views.submitted, name="submitted"),
    path("lapor/pilihan/wilayah/", views.region_picker, name="region_picker"),
    path("lapor/pilihan/kategori/", views.category_options, name="category_options"),
    path("lapor/pilihan/instansi/", views.institution_options, name="institution_options"),
    path("lapor/saran/", views.report_suggestions, name="report_suggestions"),
    # tracking, and the reporter's actions
    path("lacak/", views.track, name="track"),
    path("lacak/<str:tracking_id>/", views.track_detail, name="track_detail"),
    path(
        "lacak/<str:tracking_id>/lampiran/<int:pk>/",
        views.reporter_attachment,
        name="reporter_attachment",
    ),
    path("lacak/<str:tracking_id>/<str:action>/", views.reporter_action, name="reporter_action"),
    # the public feed
    path("laporan/", views.feed, name="feed"),
    path("laporan/<str:tracking_id>/", views.public_report, name="public_report"),
    path("laporan/<str:tracking_id>/dukung/", views.support, name="support"),
    # accounts
    path("daftar/", accounts.register, name="register"),
    path("masuk/", accounts.login_view, name="login"),
    path("keluar/", accounts.logout_view, name="logout"),
    path("akun/lupa-sandi/", accounts.password_reset, name="password_reset"),
    path("akun/lupa-sandi/terkirim/", accounts.password_reset_done, name="password_reset_done"),
    path("akun/laporan/", accounts.my_reports, name="my_reports"),
]
