from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "partnership.core"
    label = "core"
    verbose_name = "Core"
