from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "partnership.records"
    label = "records"
    verbose_name = "Records management: retention and subject access"
