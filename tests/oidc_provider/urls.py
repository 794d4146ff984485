"""The provider's URLs: OAuth 2 / OIDC endpoints under /o/, a login page and the test set-up endpoints."""

from django.contrib.auth.views import LoginView
from django.urls import include, path

from tests.oidc_provider import views

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", LoginView.as_view(), name="login"),
    path("test/users/", views.users_create),
    path("test/other-jwks/", views.other_jwks),
]
