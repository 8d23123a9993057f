"""The database itself refuses to change or delete audit entries, whatever code or SQL asks.

The only UPDATE allowed is the one the foreign keys make: clearing ``review_id`` when a review is deleted and
``user_id`` when an account is; every other column must stay as written. A partnership with a trail cannot be
deleted (``on_delete=PROTECT``), so no DELETE is ever needed.

On SQLite, a migration that rebuilds this table (most ``AlterField``s) drops its triggers: such a migration must
create them again. PostgreSQL keeps them. Emptying the whole database (``flush``) is handled in
``audit/management/commands/flush.py``.
"""

from django.db import migrations

REFUSED = "The audit trail is append-only: its entries cannot be changed or deleted."

SQLITE_COLUMNS = (
    "id", "at", "username", "partnership_id", "kind", "object_type", "object_id", "description", "before", "after",
    "address",
)  # fmt: skip
SQLITE_UNCHANGED = " AND ".join(f'NEW."{column}" IS OLD."{column}"' for column in SQLITE_COLUMNS)
SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
        BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END""",
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
        WHEN NOT ({SQLITE_UNCHANGED}
                  AND (NEW.review_id IS OLD.review_id OR NEW.review_id IS NULL)
                  AND (NEW.user_id IS OLD.user_id OR NEW.user_id IS NULL))
        BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END""",
]
SQLITE_DROP = ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"]

# Every column but the two foreign keys, compared as a whole, so a column added later is covered too.
POSTGRESQL_CREATE = [
    f"""CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE'
           OR (to_jsonb(NEW) - 'review_id' - 'user_id') IS DISTINCT FROM (to_jsonb(OLD) - 'review_id' - 'user_id')
           OR (NEW.review_id IS DISTINCT FROM OLD.review_id AND NEW.review_id IS NOT NULL)
           OR (NEW.user_id IS DISTINCT FROM OLD.user_id AND NEW.user_id IS NOT NULL) THEN
            RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER audit_event_append_only ON audit_auditevent",
    "DROP FUNCTION audit_event_append_only()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_trail_index_and_account_events")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        )
    ]
