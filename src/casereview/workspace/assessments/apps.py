from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "casereview.workspace.assessments"
    label = "assessments"
    verbose_name = "Quality-marker assessments"
