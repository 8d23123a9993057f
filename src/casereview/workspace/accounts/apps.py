from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casereview.workspace.accounts"
    label = "accounts"
    verbose_name = "Accounts and partnerships"
