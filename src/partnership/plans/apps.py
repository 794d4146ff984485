from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "partnership.plans"
    label = "plans"
    verbose_name = "Improvement plan"

    def ready(self) -> None:
        from partnership.plans import policies  # noqa: F401 - registers the plan's permission rules
