"""URLs of the outcomes pages."""

from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rows/<str:figure>/", views.figure_rows, name="rows"),
    path("statistics/", views.public_statistics, name="public"),
    path("export/<str:what>.<str:fmt>", views.export, name="export"),
    path("reports/", views.request_report, name="report_request"),
    path("reports/<int:pk>/", views.report_status, name="report_status"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("snapshots/freeze/", views.freeze, name="freeze"),
    path("hires/<int:application_pk>/", views.record_hire, name="record_hire"),
    path("placements/mine/", views.my_placements, name="my_placements"),
    path("placements/verify/", views.verify_list, name="verify_list"),
    path("placements/<int:pk>/", views.placement_detail, name="placement"),
    path("placements/<int:pk>/<str:step>/", views.placement_step, name="placement_step"),
    path("placements/<int:pk>/contract.pdf", views.contract_download, name="contract"),
]
