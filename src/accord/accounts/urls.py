from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_login, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("login/", views_login.LoginView.as_view(), name="login"),
    path("login/code/", views_login.login_code, name="login-code"),
    path("two-factor/", views_two_factor.two_factor_page, name="two-factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
