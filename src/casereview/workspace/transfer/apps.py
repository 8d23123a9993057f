from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "casereview.workspace.transfer"
    label = "transfer"
    verbose_name = "Review export and import"
