from django.urls import path

from . import views_manage

app_name = "groups"
urlpatterns = [
    path("", views_manage.manage, name="manage"),
    path("group/", views_manage.group_edit, name="group-edit"),
    path("constituencies/", views_manage.constituency_add, name="constituency-add"),
    path("constituencies/<slug:slug>/", views_manage.constituency_edit, name="constituency-edit"),
    path("members/", views_manage.member_add, name="member-add"),
    path("invitations/", views_manage.invitation_add, name="invitation-add"),
    path("roles/<int:role_id>/revoke/", views_manage.role_revoke_view, name="role-revoke"),
]
