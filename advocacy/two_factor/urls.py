"""Under ADMIN_URL, before the admin's own addresses (see advocacy.urls)."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/code/", views.code_step, name="admin-login-code"),
    path("two-factor/", views.overview, name="admin-two-factor"),
    path("two-factor/setup/", views.setup, name="admin-two-factor-setup"),
    path("two-factor/confirm/", views.confirm, name="admin-two-factor-confirm"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="admin-two-factor-codes"),
    path("two-factor/remove/", views.remove, name="admin-two-factor-remove"),
]
