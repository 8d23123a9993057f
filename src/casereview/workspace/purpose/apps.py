from django.apps import AppConfig


class PurposeConfig(AppConfig):
    name = "casereview.workspace.purpose"
    label = "purpose"
    verbose_name = "Clarity of purpose"
