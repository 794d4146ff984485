from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "partnership.access"
    label = "access"
    verbose_name = "Agencies, people and access"

    def ready(self) -> None:
        from django.core import checks

        from partnership.access import policies, schema  # noqa: F401 - registers permission rules and API schema
        from partnership.access.oidc_config import sso_configuration_check

        checks.register(sso_configuration_check, checks.Tags.security, deploy=False)
