from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "partnership.frontdoor"
    label = "frontdoor"
    verbose_name = "Front door and MASH"

    def ready(self) -> None:
        from partnership.core.sweeper import register_sweep_job
        from partnership.frontdoor import policies  # noqa: F401 - registers the front door's permission rules
        from partnership.frontdoor.services import research_chase_sweep

        register_sweep_job("mash-research-chase", lambda: research_chase_sweep())
