"""URLs of the fairs pages."""

from django.urls import path

from fairs import doors, views

app_name = "fairs"

urlpatterns = [
    # The door's scans first: they are the most frequent request of a fair day.
    path("<int:pk>/checkin/scan/", doors.door_scan, name="door_scan"),
    path("<int:pk>/checkin/sync/", doors.door_sync, name="door_sync"),
    path("", views.fair_list, name="list"),
    path("<int:pk>/", views.fair_detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/brochure.pdf", views.brochure, name="brochure"),
    path("<int:pk>/booths/<int:participation_pk>/", views.booth, name="booth"),
    # Graduates
    path("me/tickets/", views.my_tickets, name="my_tickets"),
    path("me/bookings/", views.my_bookings, name="my_bookings"),
    path("tickets/<str:code>/", views.ticket, name="ticket"),
    path("tickets/<str:code>/ticket.pdf", views.ticket_pdf, name="ticket_pdf"),
    path("tickets/<str:code>/plan/", views.ticket_plan, name="ticket_plan"),
    path("tickets/<str:code>/cancel/", views.cancel_ticket, name="cancel_ticket"),
    path("slots/<int:pk>/book/", views.book_slot, name="book_slot"),
    path("bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    # Association workspace
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/new/", views.fair_create, name="create"),
    path("manage/panel/", views.manage_panel, name="manage_panel"),
    path("<int:pk>/manage/", views.fair_manage, name="manage"),
    path("<int:pk>/edit/", views.fair_edit, name="edit"),
    path("<int:pk>/publish/", views.fair_publish, name="publish"),
    path("<int:pk>/cancel/", views.fair_cancel, name="cancel"),
    path("<int:pk>/checkin/", doors.checkin, name="checkin"),
    path("<int:pk>/checkin/manifest.webmanifest", doors.checkin_manifest, name="checkin_manifest"),
    path("<int:pk>/checkin/tickets/", doors.door_tickets, name="door_tickets"),
    path("checkin-sw.js", doors.door_service_worker, name="door_sw"),
    path("<int:pk>/board/", doors.board, name="board"),
    path("<int:pk>/arrivals/", views.arrivals, name="arrivals"),
    path("arrival-slots/<int:pk>/", views.arrival_slot_change, name="arrival_slot"),
    path("<int:pk>/kiosks/", doors.kiosks, name="kiosks"),
    path("kiosks/<int:pk>/revoke/", doors.kiosk_revoke, name="kiosk_revoke"),
    path("kiosk/<str:key>/", doors.kiosk_page, name="kiosk"),
    path("kiosk/<str:key>/manifest.webmanifest", doors.kiosk_manifest, name="kiosk_manifest"),
    path("<int:pk>/counters/", views.counters, name="counters"),
    path("participations/<int:pk>/decide/", views.participation_decide, name="decide"),
    # Department officers
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    # Recruiters
    path("enterprise/", views.recruiter_fairs, name="recruiter"),
    path("<int:pk>/participate/", views.participate, name="participate"),
    path("participations/<int:pk>/withdraw/", views.participation_withdraw, name="withdraw"),
    path("participations/<int:pk>/slots/", views.slots, name="slots"),
    path("participations/<int:pk>/leads/", views.leads, name="leads"),
    path("participations/<int:pk>/leads.csv", views.leads_csv, name="leads_csv"),
    path("leads/<int:pk>/", views.lead, name="lead"),
]
