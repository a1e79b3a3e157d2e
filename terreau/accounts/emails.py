"""E-mails to people: rendered at once in the current language, sent once the
transaction that caused them commits (never for a change that was rolled back)."""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """A link for an e-mail: mail clients need the site's address, not a bare path."""
    return f"{settings.SITE_URL}{path}"


def send_on_commit(*, to: str, template: str, context: dict) -> None:
    """Send `<template>_subject.txt` / `<template>.txt` to one address after commit.

    `robust`: a mail server failure is logged and never turns a saved change into an error.
    """
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(partial(send_mail, subject, body, None, [to]), robust=True)
