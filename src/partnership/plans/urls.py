from django.urls import path

from partnership.plans import edit_views, import_views, views

app_name = "plans"

urlpatterns = [
    path("plan/", views.overview, name="overview"),
    path("plan/actions/", views.action_list, name="action-list"),
    path("plan/actions/mine/", views.my_actions, name="my-actions"),
    path("plan/actions/new/", edit_views.action_create, name="action-create"),
    path("plan/actions/<uuid:action_id>/", views.action_detail, name="action-detail"),
    path("plan/actions/<uuid:action_id>/edit/", edit_views.action_edit, name="action-edit"),
    path("plan/actions/<uuid:action_id>/revise/", edit_views.action_revise, name="action-revise"),
    path("plan/actions/<uuid:action_id>/progress/", edit_views.action_progress, name="action-progress"),
    path("plan/findings/", views.finding_list, name="finding-list"),
    path("plan/findings/new/", edit_views.finding_create, name="finding-create"),
    path("plan/findings/<uuid:finding_id>/", views.finding_detail, name="finding-detail"),
    path("plan/findings/<uuid:finding_id>/edit/", edit_views.finding_edit, name="finding-edit"),
    path("plan/coverage/", views.coverage, name="coverage"),
    path("plan/themes/new/", edit_views.theme_create, name="theme-create"),
    path("plan/inspections/new/", edit_views.inspection_create, name="inspection-create"),
    path("plan/import/", import_views.plan_import, name="import"),
    path("plan/export/", import_views.plan_export, name="export"),
]
