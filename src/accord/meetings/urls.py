from django.urls import path

from . import views, views_live

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("live/", views_live.live, name="live"),
    path("live/feed.atom", views_live.live_feed, name="live-feed"),
    path("<int:number>/", views.meeting_detail, name="detail"),
    path("<int:number>/days/add/", views.day_add, name="day-add"),
    path("<int:number>/agenda/add/", views.agenda_add, name="agenda-add"),
    path("<int:number>/days/<str:day>/", views.day_transcript, name="day"),
    path("<int:number>/days/<str:day>/upload/", views.transcript_upload, name="upload"),
    path("<int:number>/days/<str:day>/rematch/", views.transcript_rematch, name="rematch"),
    path("<int:number>/days/<str:day>/publish/", views.transcript_publish, name="publish"),
    path("<int:number>/days/<str:day>/original/", views.transcript_original, name="original"),
]
