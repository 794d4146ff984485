from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "partnership.children"
    label = "children"
    verbose_name = "Children's records"

    def ready(self) -> None:
        from partnership.children import policies  # noqa: F401 - registers the children's permission rules
