from django.urls import path

from partnership.strategy import schedule_views, views

app_name = "strategy"

urlpatterns = [
    path("strategy-meetings/", views.meeting_list, name="meeting-list"),
    path("strategy-meetings/new/", views.meeting_start, name="meeting-start"),
    path("strategy-meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("strategy-meetings/<uuid:meeting_id>/record/", views.meeting_record, name="meeting-record"),
    path("strategy-meetings/<uuid:meeting_id>/time/", schedule_views.meeting_schedule, name="meeting-schedule"),
    path("strategy-meetings/<uuid:meeting_id>/invite.ics", schedule_views.meeting_calendar, name="meeting-calendar"),
    path("strategy-meetings/<uuid:meeting_id>/sign-off/", views.meeting_complete, name="meeting-complete"),
    path("strategy-meetings/<uuid:meeting_id>/share/", views.meeting_share, name="meeting-share"),
    path("strategy-meetings/<uuid:meeting_id>/invitations/", views.invitation_add, name="invitation-add"),
    path(
        "strategy-meetings/<uuid:meeting_id>/invitations/<uuid:invitation_id>/",
        views.invitation_detail,
        name="invitation",
    ),
    path(
        "strategy-meetings/<uuid:meeting_id>/invitations/<uuid:invitation_id>/acknowledge/",
        views.invitation_acknowledge,
        name="invitation-acknowledge",
    ),
    path("strategy-meetings/measures/", views.measures, name="measures"),
]
