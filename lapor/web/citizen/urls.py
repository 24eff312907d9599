from django.urls import path

from lapor.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
