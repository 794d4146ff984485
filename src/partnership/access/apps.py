from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "partnership.access"
    label = "access"
    verbose_name = "Agencies, people and access"

    def ready(self) -> None:
        from partnership.access import policies, schema  # noqa: F401 - registers permission rules and API schema
