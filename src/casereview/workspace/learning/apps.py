from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "casereview.workspace.learning"
    label = "learning"
    verbose_name = "Learning and improvement framework"
