"""Graduate profiles, resumes and applications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GraduateProfile(models.Model):
    """A graduate's profile: having one is what makes a user a graduate (毕业生)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="graduate_profile",
        verbose_name=_("user"),
    )
    full_name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("graduate profile")
        verbose_name_plural = _("graduate profiles")

    def __str__(self) -> str:
        return self.full_name or str(self.user)
