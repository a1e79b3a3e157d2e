"""`TerritoryField`: pick a territory by typing a name, a code or a postal code.

    from terreau.territories.forms import TerritoryField

    class ProjectFilterForm(forms.Form):
        territory = TerritoryField(label=_("Territory"), required=False)
        # or TerritoryField(kinds=["commune", "epci"]) to accept only some kinds

`cleaned_data["territory"]` is a `Territory` (or None when empty and not required).

With JavaScript, `territories/autocomplete.js` turns the text input into an ARIA 1.2
combobox fed by /api/v1/territories; choosing an option submits its code. (A page that
inserts a form in HTML fetched later calls
`window.terreauTerritoryAutocomplete.enhance(container)`.) Without it,
the server resolves the typed text: one clear match is taken, several give an error
listing them as radio buttons in the re-rendered form, none gives an error.

What the widget submits, for a field named `territory`: `territory` (the text typed),
`territory__shown` (the text as the page showed it) and `territory__code` (the code of
the territory shown, or the radio chosen). The code counts only while the text is still
the one shown: typing something else asks the server to resolve the new text.
"""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terreau.territories.lookup import MAX_QUERY_LENGTH, contexts, resolve_territory
from terreau.territories.models import Territory
from terreau.territories.text import printable

CODE_SUFFIX = "__code"
SHOWN_SUFFIX = "__shown"


class TerritoryWidget(forms.Widget):
    template_name = "territories/widgets/territory.html"

    def __init__(self, attrs=None, *, kinds: Iterable[str] | None = None):
        super().__init__(attrs)
        self.kinds = list(kinds or [])
        # Set by TerritoryField.clean() when the text typed designates several territories.
        self.candidates: list[Territory] = []

    def value_from_datadict(self, data, files, name):
        text = printable(data.get(name, ""))
        code = printable(data.get(name + CODE_SUFFIX, ""))
        shown = data.get(name + SHOWN_SUFFIX)
        shown = None if shown is None else printable(shown)
        if code and shown is not None and text.strip() == shown.strip():
            return code
        return text

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + CODE_SUFFIX not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        territory = value if isinstance(value, Territory) else None
        if territory is None and value and not self.candidates:
            territory = Territory.objects.get_by_code(str(value))
        described = contexts(self.candidates)
        candidates = [
            {
                "code": c.code,
                "name": c.name,
                "kind": c.get_kind_display(),
                "context": described[c.code],
            }
            for c in self.candidates
        ]
        text = territory.name if territory else (value or "")
        context["widget"].update(
            {
                "text": text,
                "code": territory.code if territory else "",
                "code_name": name + CODE_SUFFIX,
                "shown_name": name + SHOWN_SUFFIX,
                "candidates": candidates,
                "source": reverse("api:list_territories"),
                "kinds": ",".join(self.kinds),
                "max_length": MAX_QUERY_LENGTH,
            }
        )
        return context


class TerritoryField(forms.Field):
    widget = TerritoryWidget
    default_error_messages = {
        "not_found": _(
            "No territory matches “%(text)s”. Type the name of a commune, a département or "
            "a région, or a postal code."
        ),
        "ambiguous": _("Several territories match “%(text)s”: choose one below."),
        "too_long": _("Type at most %(max)s characters."),
    }

    def __init__(self, *, kinds: Iterable[str] | None = None, **kwargs):
        self.kinds = list(kinds or [])
        kwargs.setdefault("widget", TerritoryWidget(kinds=self.kinds))
        super().__init__(**kwargs)
        self.widget.kinds = self.kinds

    def prepare_value(self, value):
        return value.code if isinstance(value, Territory) else value

    def to_python(self, value) -> Territory | None:
        self.widget.candidates = []
        if isinstance(value, Territory):
            return value
        text = (value or "").strip()
        if not text:
            return None
        if len(text) > MAX_QUERY_LENGTH:
            raise ValidationError(
                self.error_messages["too_long"], code="too_long", params={"max": MAX_QUERY_LENGTH}
            )
        resolution = resolve_territory(text, kinds=self.kinds)
        if resolution.territory:
            return resolution.territory
        if resolution.candidates:
            self.widget.candidates = resolution.candidates
            raise ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"text": text}
            )
        raise ValidationError(
            self.error_messages["not_found"], code="not_found", params={"text": text}
        )

    def has_changed(self, initial, data):
        return self.prepare_value(initial or "") != (data or "")
