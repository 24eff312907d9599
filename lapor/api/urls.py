from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from lapor.api import directory, reports, routing

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("regions", directory.RegionList.as_view(), name="api-regions"),
    path("institutions", directory.InstitutionList.as_view(), name="api-institutions"),
    path("institutions/<slug:code>", directory.InstitutionDetail.as_view(), name="api-institution"),
    path("institutions/<slug:code>/units", directory.UnitList.as_view(), name="api-units"),
    path(
        "institutions/<slug:code>/units/<slug:unit>",
        directory.UnitDetail.as_view(),
        name="api-unit",
    ),
    path("categories", directory.CategoryList.as_view(), name="api-categories"),
    path("reports", reports.ReportCollection.as_view(), name="api-reports"),
    path("feed", reports.Feed.as_view(), name="api-feed"),
    path("reports/<str:tracking_id>", reports.ReportDetail.as_view(), name="api-report"),
    path(
        "reports/<str:tracking_id>/events", reports.ReportEvents.as_view(), name="api-report-events"
    ),
    path(
        "reports/<str:tracking_id>/actions/<str:action>",
        reports.ReportAction.as_view(),
        name="api-report-action",
    ),
    path(
        "reports/<str:tracking_id>/attachments",
        reports.ReportAttachments.as_view(),
        name="api-attachments",
    ),
    path(
        "reports/<str:tracking_id>/attachments/<int:pk>",
        reports.AttachmentDownload.as_view(),
        name="api-attachment",
    ),
    path("reports/<str:tracking_id>/routing", routing.ReportRouting.as_view(), name="api-routing"),
    path("routing/suggest", routing.DraftSuggest.as_view(), name="api-routing-suggest"),
    path("reports/<str:tracking_id>/support", reports.SupportReport.as_view(), name="api-support"),
]
