from django.urls import path

from partnership.access import delivery_views, oidc_views, signin_views, views

app_name = "access"

urlpatterns = [
    path("sign-in/", signin_views.sign_in, name="sign-in"),
    path("sign-in/oidc/start/", oidc_views.oidc_start, name="oidc-start"),
    path("sign-in/oidc/callback/", oidc_views.oidc_callback, name="oidc-callback"),
    path("sign-in/two-factor/", signin_views.two_factor, name="two-factor"),
    path("sign-in/set-up-two-factor/", signin_views.two_factor_setup, name="two-factor-setup"),
    path("sign-in/recovery-codes/", signin_views.recovery_codes, name="recovery-codes"),
    path("sign-out/", signin_views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/recovery-codes/", views.recovery_codes_regenerate, name="recovery-codes-regenerate"),
    path("account/tokens/new/", views.token_create, name="token-create"),
    path("account/tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("teams/<uuid:team_id>/", views.team_detail, name="team-detail"),
    path("people/", views.person_list, name="person-list"),
    path("people/<uuid:person_id>/", views.person_detail, name="person-detail"),
    path("people/<uuid:person_id>/disable/", views.person_set_active, {"active": False}, name="person-disable"),
    path("people/<uuid:person_id>/enable/", views.person_set_active, {"active": True}, name="person-enable"),
    path("access-log/", views.access_log, name="access-log"),
    path("undelivered-messages/", delivery_views.undelivered_list, name="undelivered-list"),
    path(
        "undelivered-messages/<uuid:message_id>/try-again/",
        delivery_views.undelivered_retry,
        name="undelivered-retry",
    ),
]
