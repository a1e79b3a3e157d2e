"""Every change to a person's account: sign-up, address verification, profile, deletion."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.accounts.emails import absolute_url, send_on_commit
from terreau.accounts.models import User
from terreau.accounts.tokens import InvalidToken, make_email_token, read_email_token


def _send_email_link(*, user: User, email: str) -> None:
    token = make_email_token(user_id=user.pk, email=email, current_email=user.email)
    send_on_commit(
        to=email,
        template="accounts/email/verify_email",
        context={
            "user": user,
            "email": email,
            "change": email != user.email,
            "url": absolute_url(reverse("accounts:verify_email", kwargs={"token": token})),
        },
    )


@transaction.atomic
def sign_up(*, email: str, password: str, display_name: str) -> User | None:
    """Create an unverified account and mail it a verification link.

    When the address already has an account, nothing is created and that address is told
    instead (so the sign-up form never reveals who has an account): returns None.
    """
    email = User.objects.canonical_email(email)
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        send_on_commit(
            to=email,
            template="accounts/email/already_registered",
            context={
                "user": existing,
                "login_url": absolute_url(reverse("accounts:login")),
                "reset_url": absolute_url(reverse("accounts:password_reset")),
            },
        )
        return None
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name.strip(),
        privacy_accepted_at=timezone.now(),
    )
    _send_email_link(user=user, email=email)
    return user


@transaction.atomic
def resend_verification(*, user: User) -> None:
    """Send the verification link again to an account whose address is not verified."""
    if not user.email_verified:
        _send_email_link(user=user, email=user.email)


@transaction.atomic
def confirm_email(*, token: str) -> User:
    """Follow a link of `_send_email_link`: the address it names becomes the account's
    verified address. Raises ValidationError with a message for the person otherwise."""
    try:
        claim = read_email_token(token)
    except InvalidToken as error:
        if error.expired:
            raise ValidationError(
                _("This link has expired. Log in and ask for a new one from your space."),
                code="expired",
            ) from error
        raise ValidationError(_("This link is not valid."), code="invalid") from error
    user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
    if user is None or user.email != claim.current_email:
        # The account is gone, or its address changed since the link was sent.
        raise ValidationError(_("This link is no longer valid."), code="stale")
    if claim.email != user.email:
        if User.objects.filter(email=claim.email).exclude(pk=user.pk).exists():
            raise ValidationError(
                _("Another account now uses this address; your address was not changed."),
                code="taken",
            )
        user.email = claim.email
    user.email_verified = True
    user.save(update_fields=["email", "email_verified"])
    return user


@transaction.atomic
def update_profile(*, user: User, display_name: str, email: str) -> bool:
    """Save the display name; a new address only replaces the current one once its owner
    follows the link mailed to it. Returns whether such a link was sent."""
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    email = User.objects.canonical_email(email)
    if email == user.email:
        return False
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("Another account already uses this address."), code="taken"
                )
            }
        )
    _send_email_link(user=user, email=email)
    return True


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase an account. Memberships go with it; project revisions it authored keep their
    content without the author. Refused while the person is the last administrator of an
    organisation, which would otherwise be left without anyone to run it."""
    from terreau.organisations.models import Organisation

    orphaned = list(
        Organisation.objects.solely_administered_by(user).values_list("name", flat=True)
    )
    if orphaned:
        raise ValidationError(
            _(
                "You are the last administrator of %(organisations)s. Make another member "
                "administrator first (on the organisation's members page), or ask the "
                "platform team to close the organisation."
            )
            % {"organisations": ", ".join(orphaned)},
            code="last_admin",
        )
    user.delete()
