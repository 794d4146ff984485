"""The retention review's pages, under /records/retention/."""

from django.urls import path

from partnership.records import retention_views as views

urlpatterns = [
    path("", views.review, name="retention-review"),
    path("periods/", views.period_list, name="retention-periods"),
    path("periods/<slug:record_type>/", views.period_edit, name="retention-period-edit"),
    path("records/<slug:record_type>/<uuid:record_id>/", views.decide, name="retention-decide"),
    path("decisions/", views.decision_list, name="retention-decisions"),
]
