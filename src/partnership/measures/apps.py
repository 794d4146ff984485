from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "partnership.measures"
    label = "measures"
    verbose_name = "Measures of impact"

    def ready(self) -> None:
        from partnership.core.sweeper import register_sweep_job
        from partnership.measures import policies  # noqa: F401 - registers the measures permission rules
        from partnership.measures.computing import measures_daily_sweep

        register_sweep_job("measures-daily", lambda: measures_daily_sweep())
