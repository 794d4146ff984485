"""The reference URL map: a bare view answering "ok" beside /healthz, served through the product's middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    """Answer "ok" and nothing else: the least any Django page can cost."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", bare, name="healthz"),
    path("ok/", bare, name="ok"),
]
