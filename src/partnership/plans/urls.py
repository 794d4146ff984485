from django.urls import path

from partnership.plans import cycle_views, edit_views, import_views, review_views, views

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
    path("plan/periods/", cycle_views.period_list, name="period-list"),
    path("plan/periods/new/", cycle_views.period_open, name="period-open"),
    path("plan/periods/<uuid:period_id>/", cycle_views.period_detail, name="period-detail"),
    path("plan/periods/<uuid:period_id>/close/", cycle_views.period_close, name="period-close"),
    path("plan/updates/<uuid:update_id>/", cycle_views.update_edit, name="update-edit"),
    path("plan/updates/<uuid:update_id>/evidence/", cycle_views.evidence_add, name="evidence-add"),
    path("plan/evidence/<uuid:evidence_id>/", cycle_views.evidence_download, name="evidence-download"),
    path("plan/reviews/", review_views.review_list, name="review-list"),
    path("plan/reviews/new/", review_views.review_create, name="review-create"),
    path("plan/reviews/<uuid:review_id>/", review_views.review_detail, name="review-detail"),
    path("plan/reviews/<uuid:review_id>/minutes/", review_views.review_minutes, name="review-minutes"),
    path("plan/reviews/<uuid:review_id>/time/", review_views.review_time, name="review-time"),
    path("plan/reviews/<uuid:review_id>/invite.ics", review_views.review_calendar, name="review-calendar"),
    path("plan/reviews/<uuid:review_id>/items/<uuid:item_id>/", review_views.review_decide, name="review-decide"),
    path("plan/audit-pack/", review_views.audit_pack, name="audit-pack"),
    path("plan/import/", import_views.plan_import, name="import"),
    path("plan/export/", import_views.plan_export, name="export"),
]
