"""Records management pages: the retention review and subject access requests."""

from django.urls import include, path

app_name = "records"

urlpatterns = [
    path("retention/", include("partnership.records.retention_urls")),
    path("subject-access/", include("partnership.records.subject_access_urls")),
]
