from django.urls import path

from partnership.children import risk_views, views

app_name = "children"

urlpatterns = [
    path("children/", views.child_list, name="child-list"),
    path("children/find/", views.child_find, name="child-find"),
    path("children/new/", views.child_create, name="child-create"),
    path("children/<uuid:child_id>/", views.child_detail, name="child-detail"),
    path("children/<uuid:child_id>/edit/", views.child_edit, name="child-edit"),
    path("children/<uuid:child_id>/break-glass/", views.break_glass, name="break-glass"),
    path("children/<uuid:child_id>/chronology/", views.chronology, name="chronology"),
    path("children/<uuid:child_id>/chronology/export/", views.chronology_export, name="chronology-export"),
    path("children/<uuid:child_id>/chronology/new/", views.event_create, name="event-create"),
    path("children/<uuid:child_id>/voice/", views.voice_list, name="voice-list"),
    path("children/<uuid:child_id>/voice/new/", views.voice_create, name="voice-create"),
    path("children/<uuid:child_id>/involvements/new/", views.involvement_create, name="involvement-create"),
    path("children/<uuid:child_id>/household/", views.household_edit, name="household-edit"),
    path("children/<uuid:child_id>/merge/", views.child_merge, name="child-merge"),
    path("children/<uuid:child_id>/risk/new/", risk_views.risk_assessment_create, name="risk-create"),
    path("children/<uuid:child_id>/risk/<uuid:assessment_id>/", risk_views.risk_assessment_detail, name="risk-detail"),
    path("children/<uuid:child_id>/agreements/new/", risk_views.agreement_create, name="agreement-create"),
    path(
        "children/<uuid:child_id>/agreements/<uuid:agreement_id>/",
        risk_views.agreement_detail,
        name="agreement-detail",
    ),
]
