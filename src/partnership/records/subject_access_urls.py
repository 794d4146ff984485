"""URLs (filled in by the feature)."""

urlpatterns: list = []
