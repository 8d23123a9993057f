from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "casereview.workspace.reports"
    label = "reports"
    verbose_name = "Board reports"
