from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "casereview.workspace.findings"
    label = "findings"
    verbose_name = "Findings, recommendations and actions"
