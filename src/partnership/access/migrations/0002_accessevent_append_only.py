"""Make the access log append-only in the database itself: UPDATE and DELETE are refused by a trigger."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION access_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_event_append_only
    BEFORE UPDATE OR DELETE ON access_accessevent
    FOR EACH ROW EXECUTE FUNCTION access_event_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS access_event_append_only ON access_accessevent;
DROP FUNCTION IF EXISTS access_event_refuse_change();
"""
SQLITE_UP = [
    """CREATE TRIGGER access_event_no_update BEFORE UPDATE ON access_accessevent
       BEGIN SELECT RAISE(ABORT, 'access events are append-only'); END;""",
    """CREATE TRIGGER access_event_no_delete BEFORE DELETE ON access_accessevent
       BEGIN SELECT RAISE(ABORT, 'access events are append-only'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS access_event_no_update;", "DROP TRIGGER IF EXISTS access_event_no_delete;"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
