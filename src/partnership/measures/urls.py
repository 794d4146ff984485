"""The measures pages, included at /measures/: fixed paths first, then the pages of one indicator by its key."""

from django.urls import path

from partnership.measures import edit_views, views

app_name = "measures"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download.csv", views.dashboard_csv, name="dashboard-csv"),
    path("download.xlsx", views.dashboard_xlsx, name="dashboard-xlsx"),
    path("new/", edit_views.indicator_create, name="indicator-create"),
    path("<slug:key>/", views.indicator_detail, name="indicator-detail"),
    path("<slug:key>/download.csv", views.indicator_csv, name="indicator-csv"),
    path("<slug:key>/download.xlsx", views.indicator_xlsx, name="indicator-xlsx"),
    path("<slug:key>/target/", edit_views.indicator_target, name="indicator-target"),
    path("<slug:key>/edit/", edit_views.indicator_edit, name="indicator-edit"),
    path("<slug:key>/retire/", edit_views.indicator_retire, name="indicator-retire"),
    path("<slug:key>/values/add/", edit_views.value_add, name="value-add"),
    path("actions/<uuid:action_id>/link/", edit_views.action_link, name="action-link"),
    path("actions/links/<uuid:link_id>/remove/", edit_views.action_unlink, name="action-unlink"),
]
