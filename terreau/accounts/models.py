"""People: a user signs in with an e-mail address; platform roles are flags on the user."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def canonical_email(cls, email: str) -> str:
        """The form an address is stored and looked up in: trimmed and lowercase."""
        return cls.normalize_email((email or "").strip()).lower()

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.canonical_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("email_verified", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    # Unverified accounts can sign in, create organisations and draft projects, but cannot
    # publish anything (see `can_publish`) until they follow the link sent to their address.
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    # When the person accepted the privacy notice at sign-up (proof of consent, GDPR art. 7).
    privacy_accepted_at = models.DateTimeField(
        _("privacy notice accepted at"), null=True, blank=True
    )
    is_moderator = models.BooleanField(
        _("moderator"), default=False, help_text=_("Can hide published content, giving a reason.")
    )
    # Platform administrators are `is_superuser`; `is_staff` opens the admin site.

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def can_publish(self) -> bool:
        """Publishing makes content public: only people whose address is verified may."""
        return self.is_active and self.email_verified

    @property
    def can_moderate(self) -> bool:
        return self.is_active and (self.is_moderator or self.is_superuser)
