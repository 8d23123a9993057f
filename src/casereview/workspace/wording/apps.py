from django.apps import AppConfig


class WordingConfig(AppConfig):
    name = "casereview.workspace.wording"
    label = "wording"
    verbose_name = "Wording checks"
