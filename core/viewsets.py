"""Pieces the apps' DRF viewsets share."""

from rest_framework import permissions


class PublicReadMixin:
    """Anyone may call `public_actions` (public listings); every other action needs the defaults."""

    public_actions: tuple[str, ...] = ("list", "retrieve")

    def get_permissions(self):
        if self.action in self.public_actions:
            return [permissions.AllowAny()]
        return super().get_permissions()
