"""``flush`` that can empty a database whose audit trail is append-only.

Emptying every table (the test runner does it between tests; an administrator may start over) is not a change to
the trail. PostgreSQL flushes with TRUNCATE, which row triggers do not see; SQLite flushes with DELETE, which
the trail's triggers refuse, so there they step aside for the flush alone, in the flush's own transaction, and
are created again exactly as they were.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

TABLE = "audit_auditevent"


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        emptying = connection.ops.execute_sql_flush

        def execute_sql_flush(sql_list):
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
                triggers = cursor.fetchall()
                for name, _ in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
                emptying(sql_list)
                for _, sql in triggers:
                    cursor.execute(sql)

        connection.ops.execute_sql_flush = execute_sql_flush
        try:
            return super().handle(**options)
        finally:
            del connection.ops.execute_sql_flush
