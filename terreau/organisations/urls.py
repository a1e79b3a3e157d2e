from django.urls import path

from terreau.organisations import views

app_name = "organisations"
urlpatterns = [
    # "nouvelle" is among services.RESERVED_REFS: no organisation can shadow it.
    path("nouvelle/", views.create, name="create"),
    path("<slug:ref>/", views.detail, name="detail"),
    path("<slug:ref>/modifier/", views.edit, name="edit"),
    path("<slug:ref>/membres/", views.members, name="members"),
    path("<slug:ref>/membres/<int:membership_id>/role/", views.change_role, name="change_role"),
    path(
        "<slug:ref>/membres/<int:membership_id>/retirer/",
        views.remove_member,
        name="remove_member",
    ),
    path("<slug:ref>/quitter/", views.leave, name="leave"),
    path("<slug:ref>/moderation/", views.moderate, name="moderate"),
]
