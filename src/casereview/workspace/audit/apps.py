from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casereview.workspace.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import capture

        capture.connect()
