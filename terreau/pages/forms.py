from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.territories.forms import TerritoryField


class NearYouForm(forms.Form):
    territory = TerritoryField(
        label=_("Your commune, département or région"),
        help_text=_("A name or a postal code, for example Lyon, 69001, Rhône or Bretagne."),
    )
