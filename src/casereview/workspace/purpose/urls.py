from django.urls import path

from . import views

app_name = "purpose"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("statement/", views.statement, name="statement"),
    path("statement/versions/", views.statement_versions, name="versions"),
    path("statement/check/", views.statement_check, name="statement-check"),
    path("parties/new/", views.party_add, name="party-add"),
    path("parties/<int:party_id>/", views.party_edit, name="party-edit"),
    path("parties/<int:party_id>/remove/", views.party_remove, name="party-remove"),
    path("groups/<slug:group>/", views.group_applicability, name="group"),
    path("communications/", views.communication_list, name="communications"),
    path("communications/new/", views.communication_add, name="communication-add"),
    path("communications/<int:communication_id>/", views.communication_edit, name="communication-edit"),
    path("letters/<slug:audience>/", views.letter, name="letter"),
    path("letters/<slug:audience>/download/", views.letter_download, name="letter-download"),
    path("letters/<slug:audience>/log/", views.letter_log, name="letter-log"),
    path("circumstances/", views.circumstance_list, name="circumstances"),
    path("circumstances/new/", views.circumstance_add, name="circumstance-add"),
    path("circumstances/<int:circumstance_id>/", views.circumstance_edit, name="circumstance-edit"),
]
