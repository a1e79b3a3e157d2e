from django.urls import path

from terreau.directory import views

app_name = "directory"
urlpatterns = [
    path("projets/", views.projects, name="projects"),
    path("projets/carte/", views.projects_map, name="projects_map"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/carte/", views.organisations_map, name="organisations_map"),
]
