from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "partnership.plans"
    label = "plans"
    verbose_name = "Improvement plan"

    def ready(self) -> None:
        from partnership.core.sweeper import register_sweep_job
        from partnership.plans import policies  # noqa: F401 - registers the plan's permission rules
        from partnership.plans.governance import reminders_send

        register_sweep_job("plan-update-reminders", lambda: reminders_send())
