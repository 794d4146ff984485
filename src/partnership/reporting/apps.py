from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "partnership.reporting"
    label = "reporting"
    verbose_name = "Reports"
