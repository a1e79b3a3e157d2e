from django.urls import path

from terreau.projects import views

app_name = "projects"
urlpatterns = [
    path("nouveau/", views.create, name="create"),
    path("<slug:ref>/", views.detail, name="detail"),
    path("<slug:ref>/modifier/", views.edit, name="edit"),
    path("<slug:ref>/publier/", views.publish, name="publish"),
    path("<slug:ref>/masquer/", views.hide, name="hide"),
    path("<slug:ref>/historique/", views.history, name="history"),
]
