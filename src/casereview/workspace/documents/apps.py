from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "casereview.workspace.documents"
    label = "documents"
    verbose_name = "Uploaded documents"
