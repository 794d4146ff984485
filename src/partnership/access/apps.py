from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "partnership.access"
    label = "access"
    verbose_name = "Agencies, people and access"

    def ready(self) -> None:
        from partnership.access import policies  # noqa: F401 - registers the permission rules
