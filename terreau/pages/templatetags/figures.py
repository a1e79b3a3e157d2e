"""`{{ value|grouped }}`: a count with the current language's thousands separator
(12 345 in French, 12,345 in English), whatever USE_THOUSAND_SEPARATOR says."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    return number_format(value, force_grouping=True)
