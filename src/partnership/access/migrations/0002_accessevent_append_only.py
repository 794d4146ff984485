"""Make the access log append-only in the database itself: UPDATE and DELETE are refused by a trigger."""

from django.db import migrations

from partnership.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]

    operations = [append_only("access_accessevent")]
