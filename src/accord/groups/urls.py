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
    path("negotiating-groups/", views_manage.negotiating_group_add, name="negotiating-group-add"),
    path(
        "negotiating-groups/<slug:slug>/",
        views_manage.negotiating_group_edit,
        name="negotiating-group-edit",
    ),
    path(
        "negotiating-groups/<slug:slug>/members/",
        views_manage.negotiating_group_member_add,
        name="negotiating-group-member-add",
    ),
    path(
        "negotiating-groups/<slug:slug>/members/<slug:member_slug>/remove/",
        views_manage.negotiating_group_member_remove,
        name="negotiating-group-member-remove",
    ),
    path(
        "negotiating-groups/<slug:slug>/delete/",
        views_manage.negotiating_group_delete,
        name="negotiating-group-delete",
    ),
]
