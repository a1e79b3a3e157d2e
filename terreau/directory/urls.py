from django.urls import path

from terreau.directory import views

app_name = "directory"
urlpatterns: list = []
