from django.urls import path

from terreau.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
]
