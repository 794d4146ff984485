from django.urls import path

from partnership.encompass import views

app_name = "encompass"

urlpatterns = [
    path("encompass/", views.dashboard, name="dashboard"),
    path("encompass/incidents/new/", views.incident_create, name="incident-create"),
    path("encompass/incidents/import/", views.incident_import, name="incident-import"),
    path("encompass/incidents/import/template.csv", views.import_template, name="import-template"),
    path("encompass/incidents/<uuid:incident_id>/", views.incident_detail, name="incident-detail"),
    path("encompass/incidents/<uuid:incident_id>/children/", views.incident_add_child, name="incident-add-child"),
    path("encompass/exceptions/<uuid:exception_id>/", views.exception_resolve, name="exception-resolve"),
    path("encompass/notifications/", views.inbox, name="inbox"),
    path("encompass/notifications/<uuid:notification_id>/", views.notification_detail, name="notification-detail"),
    path(
        "encompass/notifications/<uuid:notification_id>/acknowledge/",
        views.notification_acknowledge,
        name="notification-acknowledge",
    ),
    path(
        "encompass/notifications/<uuid:notification_id>/support/",
        views.notification_support,
        name="notification-support",
    ),
    path(
        "encompass/notifications/<uuid:notification_id>/resend/", views.notification_resend, name="notification-resend"
    ),
    path("encompass/settings/", views.setting_list, name="setting-list"),
    path("encompass/settings/new/", views.setting_create, name="setting-create"),
    path("encompass/settings/<uuid:setting_id>/", views.setting_detail, name="setting-detail"),
    path("encompass/settings/<uuid:setting_id>/key-adults/", views.setting_update, name="setting-update"),
    path("encompass/settings/<uuid:setting_id>/closures/", views.closure_add, name="closure-add"),
    path(
        "encompass/settings/<uuid:setting_id>/closures/<uuid:closure_id>/remove/",
        views.closure_remove,
        name="closure-remove",
    ),
    path("encompass/settings/<uuid:setting_id>/terms/", views.terms_import, name="terms-import"),
    path("encompass/calendar/", views.council_calendar, name="council-calendar"),
    path("encompass/calendar/terms/", views.council_terms_import, name="council-terms-import"),
    path("encompass/calendar/closures/", views.council_closure_add, name="council-closure-add"),
    path(
        "encompass/calendar/closures/<uuid:closure_id>/remove/",
        views.council_closure_remove,
        name="council-closure-remove",
    ),
    path("encompass/measures/", views.measures, name="measures"),
]
