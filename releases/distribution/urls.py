from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("press/subscribe/", views.subscribe, name="subscribe"),
    path("press/subscribe/check-email/", views.check_email, name="check-email"),
    path("press/subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("press/subscription/<str:token>/", views.manage, name="manage"),
    path("press/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
