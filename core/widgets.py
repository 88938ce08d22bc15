"""Select widgets for lists that grow with the campaign: searchable ones (a filter box typed into
narrows the options) and districts that follow the chosen city. The behaviour is in
static/js/jinpin.js, declared by data attributes (no inline script under the CSP); without
script they are plain selects."""

from django import forms
from django.utils.translation import gettext_lazy as _


def searchable(widget: forms.Select) -> forms.Select:
    """Mark a select (single or multiple) for the filter box; returns it for use in place."""
    widget.attrs["data-searchable"] = _("Type to filter the list")
    return widget


class DistrictSelect(forms.Select):
    """A district select whose options carry their city (`data-parent`), so only the districts of
    the city chosen in the field named `city_field` are offered."""

    def __init__(self, *args, city_field: str = "city", **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs["data-follows"] = city_field

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-parent"] = instance.parent_id
        return option
