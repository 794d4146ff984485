from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "partnership.frontend"
    label = "frontend"
    verbose_name = "Pages and GOV.UK components"
