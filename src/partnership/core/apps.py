from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partnership.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.core import checks

        from partnership.core.notify import notify_configuration_check
        from partnership.core.notify_status import delivery_status_poll
        from partnership.core.sweeper import register_sweep_job

        checks.register(notify_configuration_check, checks.Tags.compatibility, deploy=False)
        register_sweep_job("notify-delivery-status", lambda: delivery_status_poll())
