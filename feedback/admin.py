"""Admin of fair feedback: read and moderate answers, see who was asked."""

from django.contrib import admin

from feedback.models import BoothRating, FairRating, FeedbackRequest


@admin.register(FairRating)
class FairRatingAdmin(admin.ModelAdmin):
    list_display = ("fair", "role", "enterprise", "rating", "candidates_rating", "created_at")
    list_filter = ("role", "rating")
    search_fields = ("fair__title", "comment", "enterprise__name")
    raw_id_fields = ("fair", "author", "enterprise", "comment_hidden_by")


@admin.register(BoothRating)
class BoothRatingAdmin(admin.ModelAdmin):
    list_display = ("participation", "fair", "rating", "created_at")
    list_filter = ("rating",)
    search_fields = ("fair__title", "comment", "participation__enterprise__name")
    raw_id_fields = ("participation", "fair", "author", "comment_hidden_by")


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(admin.ModelAdmin):
    list_display = ("fair", "user", "channels", "created_at")
    raw_id_fields = ("fair", "user")
