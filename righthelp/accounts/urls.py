from django.urls import path

from righthelp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("admin-tools/tokens/", views.tokens, name="tokens"),
    path("admin-tools/tokens/issue/", views.token_issue, name="token-issue"),
    path("admin-tools/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
