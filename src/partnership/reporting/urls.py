from django.urls import path

from partnership.reporting import views

app_name = "reporting"

urlpatterns = [
    path("plan/reports/", views.report_list, name="report-list"),
    path("plan/reports/publish/", views.report_publish_page, name="report-publish"),
    path("plan/reports/<uuid:report_id>/<str:fmt>/", views.report_download, name="report-download"),
]
