from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "partnership.audits"
    label = "audits"
    verbose_name = "Multi-agency case file audits"

    def ready(self) -> None:
        from partnership.audits import policies  # noqa: F401 - registers the audit permission rules
