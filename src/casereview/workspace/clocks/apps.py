from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "casereview.workspace.clocks"
    label = "clocks"
    verbose_name = "Statutory clocks"
