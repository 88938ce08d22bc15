"""The related terms and the vocabulary in Django's admin (officers use /search/terms/)."""

from django.contrib import admin

from search.models import RelatedTerms, Term


@admin.register(RelatedTerms)
class RelatedTermsAdmin(admin.ModelAdmin):
    list_display = ["words", "targets", "active", "updated_at", "updated_by"]
    list_filter = ["active"]
    search_fields = ["words", "targets"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["word", "pinyin", "initials", "documents", "in_titles"]
    search_fields = ["word", "pinyin", "initials"]

    def has_change_permission(self, request, obj=None):
        return False  # rebuilt from the documents with every reindex

    def has_add_permission(self, request):
        return False
