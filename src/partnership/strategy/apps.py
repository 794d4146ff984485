from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "partnership.strategy"
    label = "strategy"
    verbose_name = "Strategy meetings"

    def ready(self) -> None:
        from partnership.core.sweeper import register_sweep_job
        from partnership.strategy import policies  # noqa: F401 - registers the strategy meetings' permission rules
        from partnership.strategy.services import deadlines_sweep

        register_sweep_job("strategy-deadlines", lambda: deadlines_sweep())
