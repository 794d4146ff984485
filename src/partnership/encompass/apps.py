from django.apps import AppConfig


class EncompassConfig(AppConfig):
    name = "partnership.encompass"
    label = "encompass"
    verbose_name = "Operation Encompass"

    def ready(self) -> None:
        from partnership.core.sweeper import register_sweep_job
        from partnership.encompass import policies  # noqa: F401 - registers the Encompass permission rules
        from partnership.encompass.services import notification_chase_sweep

        register_sweep_job("encompass-chase", lambda: notification_chase_sweep())
