"""The partnership's starting retention periods; the administrator changes them on the retention periods page."""

from typing import Any

from django.db import migrations

DEFAULTS = [
    (
        "child",
        25,
        "birth",
        "Kept until the child's 25th birthday, a period many councils use for children's social care records. "
        "The partnership may keep records longer, for example for a child who was looked after.",
    ),
    (
        "nfa_contact",
        6,
        "decided",
        "Kept for six years after the decision, so that a later contact about the same child can be seen against it.",
    ),
    (
        "sent_email",
        2,
        "sent",
        "Kept for two years after sending, to show that people were told; the e-mails may name children and adults.",
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    period = apps.get_model("records", "RetentionPeriod")
    for record_type, years, clock, reason in DEFAULTS:
        period.objects.get_or_create(
            record_type=record_type, defaults={"years": years, "clock": clock, "reason": reason}
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("records", "RetentionPeriod").objects.filter(
        record_type__in=[row[0] for row in DEFAULTS], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
