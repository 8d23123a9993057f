from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("sign-in/code/", views.verify, name="verify"),
    path("two-factor/", views.two_factor, name="two-factor"),
    path("", views.account, name="account"),
    path("partnerships/<int:partnership_id>/security/", views.security_policy, name="security-policy"),
]
