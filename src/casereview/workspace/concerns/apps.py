from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "casereview.workspace.concerns"
    label = "concerns"
    verbose_name = "Concerns about one person's practice"
