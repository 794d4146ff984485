"""Subject access requests: find the child, the summary and access log, the download."""

from django.urls import path

from partnership.records import subject_access_views as views

urlpatterns = [
    path("", views.subject_find, name="subject-access-find"),
    path("<uuid:child_id>/", views.subject_detail, name="subject-access-detail"),
    path("<uuid:child_id>/download/", views.subject_download, name="subject-access-download"),
]
