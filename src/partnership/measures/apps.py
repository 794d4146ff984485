from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "partnership.measures"
    label = "measures"
    verbose_name = "Measures of impact"

    def ready(self) -> None:
        from partnership.measures import policies  # noqa: F401 - registers the measures permission rules
