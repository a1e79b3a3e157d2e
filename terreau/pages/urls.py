from django.urls import path

from terreau.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("pres-de-chez-vous/", views.near_you, name="near_you"),
    path("comprendre/", views.about, name="about"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
]
