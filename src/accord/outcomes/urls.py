"""Decision and outcome pages (``outcomes`` namespace): the decision screen of a version under
``g/<group_slug>/decide/`` and the outcomes under ``g/<group_slug>/outcomes/``."""

from django.urls import path

from .views import decision, outcomes, package

app_name = "outcomes"
V = "decide/<slug:report_slug>/v/<int:number>/"
OUT = "outcomes/<int:pk>/"
urlpatterns = [
    path(V, decision.decide, name="decide"),
    path(V + "call/", decision.call_open, name="call-open"),
    path(V + "call/<int:pk>/close/", decision.call_close, name="call-close"),
    path(V + "call/<int:pk>/stances/", decision.stances, name="stances"),
    path(V + "call/<int:pk>/explain/", decision.explain, name="explain"),
    path(V + "call/<int:pk>/determine/", decision.determine, name="determine"),
    path(V + "silence/", decision.silence_start, name="silence-start"),
    path(V + "silence/<int:pk>/break/", decision.silence_break, name="silence-break"),
    path(V + "silence/<int:pk>/withdraw/", decision.silence_withdraw, name="silence-withdraw"),
    path(V + "silence/<int:pk>/follow-on/", decision.silence_follow_on, name="silence-follow-on"),
    path(V + "time-zone/", decision.time_zone, name="time-zone"),
    path(V + "package/", package.package_view, name="package"),
    path(V + "package/conditions/", package.condition_add, name="condition-add"),
    path("outcomes/", outcomes.outcome_list, name="list"),
    path("outcomes/new/", outcomes.outcome_create, name="create"),
    path(OUT, outcomes.outcome_detail, name="detail"),
    path(OUT + "p/<str:key>/", outcomes.paragraph_edit, name="paragraph-edit"),
    path(OUT + "paragraphs/", outcomes.paragraph_add, name="paragraph-add"),
    path(OUT + "redraft/", outcomes.redraft, name="redraft"),
    path(OUT + "annexes/", outcomes.annex_add, name="annex-add"),
    path(OUT + "annexes/<int:annex_pk>/points/", outcomes.point_add, name="point-add"),
    path(
        OUT + "annexes/<int:annex_pk>/points/<int:point_pk>/",
        outcomes.point_edit,
        name="point-edit",
    ),
    path(OUT + "issue/", outcomes.issue, name="issue"),
    path(OUT + "export.<str:fmt>", outcomes.export, name="export"),
]
