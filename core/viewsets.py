"""Pieces the apps' DRF viewsets share."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers


class PublicReadMixin:
    """Anyone may call `public_actions` (public listings); every other action needs the defaults."""

    public_actions: tuple[str, ...] = ("list", "retrieve")

    def get_permissions(self):
        if self.action in self.public_actions:
            return [permissions.AllowAny()]
        return super().get_permissions()


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class ActionsField(serializers.ReadOnlyField):
    """`actions`: the actions the row's status allows now, from its model's transition table
    (core.transitions); who may take each is a question for the permission rules."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, row) -> list[str]:
        return type(row).TRANSITIONS.actions(row.status)
