"""Signed, expiring links proving that a person controls an e-mail address.

One claim serves both sign-up and a change of address: "user U, whose address is
currently C, controls address E". It is signed with SECRET_KEY (django.core.signing) and
expires after EMAIL_TOKEN_MAX_AGE. It stops working as soon as the account's address
is no longer C, so a link sent before a change cannot be replayed after it.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

SALT = "terreau.accounts.email"
EMAIL_TOKEN_MAX_AGE = timedelta(days=3)


@dataclass(frozen=True)
class EmailClaim:
    user_id: int
    email: str
    current_email: str


class InvalidToken(Exception):
    def __init__(self, expired: bool):
        self.expired = expired
        super().__init__("expired" if expired else "invalid")


def make_email_token(*, user_id: int, email: str, current_email: str) -> str:
    return signing.dumps({"u": user_id, "e": email, "c": current_email}, salt=SALT, compress=True)


def read_email_token(token: str) -> EmailClaim:
    """The claim carried by `token`; raises InvalidToken when forged, garbled or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=EMAIL_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidToken(expired=True) from error
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise InvalidToken(expired=False) from error
    try:
        return EmailClaim(
            user_id=int(data["u"]), email=str(data["e"]), current_email=str(data["c"])
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidToken(expired=False) from error
