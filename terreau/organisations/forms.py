"""Forms of the organisation pages: they parse and check input; `services` writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from terreau.content.images import ImageUploadField
from terreau.organisations.models import Organisation, Role
from terreau.projects.forms import WebAddressField
from terreau.territories.forms import TerritoryField
from terreau.vocabularies.models import ActorType, LegalForm

DESCRIPTION_MAX_LENGTH = 20_000
EDITABLE = ("name", "actor_types", "summary", "description", "territory", "legal_form", "website")


def initial_for(organisation: Organisation) -> dict:
    return {
        "version": organisation.version,
        "name": organisation.name,
        "actor_types": list(organisation.actor_types.values_list("code", flat=True)),
        "summary": organisation.summary,
        "description": organisation.description,
        "territory": organisation.territory,
        "legal_form": organisation.legal_form_id,
        "website": organisation.website,
        "logo": organisation.logo,
    }


def comparable_values(source: Organisation | dict) -> dict[str, object]:
    """The editable fields as plain values, from a saved organisation or cleaned input."""
    if isinstance(source, Organisation):
        actor_types = source.actor_types.all()
        source = {name: getattr(source, name) for name in EDITABLE}
        source["actor_types"] = actor_types
    return {
        "name": (source.get("name") or "").strip(),
        "actor_types": sorted(actor_type.code for actor_type in source.get("actor_types") or []),
        "summary": (source.get("summary") or "").strip(),
        "description": (source.get("description") or "").strip(),
        "territory": source["territory"].code if source.get("territory") else "",
        "legal_form": source["legal_form"].code if source.get("legal_form") else "",
        "website": source.get("website") or "",
    }


def displayed_values(organisation: Organisation) -> dict[str, str]:
    """The editable fields as a person reads them."""
    return {
        "name": organisation.name,
        "actor_types": ", ".join(str(actor_type) for actor_type in organisation.actor_types.all()),
        "summary": organisation.summary,
        "description": organisation.description,
        "territory": str(organisation.territory or ""),
        "legal_form": str(organisation.legal_form or ""),
        "website": organisation.website,
    }


class OrganisationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    actor_types = forms.ModelMultipleChoiceField(
        label=_("What kind of actor is it?"),
        queryset=ActorType.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every one that applies."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("In one or two sentences: what the organisation does. 300 characters at most."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_(
            "You can use Markdown: *italics*, **bold**, [a link](https://example.org), lists "
            "starting with “-”. HTML is shown as text."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    territory = TerritoryField(
        label=_("Territory"),
        required=False,
        help_text=_("Where it acts: a commune, a département, a région…"),
    )
    legal_form = forms.ModelChoiceField(
        label=_("Legal form"),
        queryset=LegalForm.objects.active(),
        required=False,
        empty_label=_("Not said"),
    )
    website = WebAddressField(
        label=_("Website"), required=False, widget=forms.URLInput(attrs={"autocomplete": "url"})
    )
    logo = ImageUploadField(label=_("Logo"), required=False)

    def __init__(self, *args, organisation: Organisation | None = None, **kwargs):
        if organisation is not None:
            kwargs.setdefault("initial", initial_for(organisation))
        super().__init__(*args, **kwargs)
        if organisation is None:
            del self.fields["version"]
        else:
            # An edit must say which version it began from (optimistic concurrency).
            self.fields["version"].required = True

    def differences(self, current: Organisation) -> list[tuple[str, str]]:
        """(label, value now saved) for every field where the saved organisation differs
        from this valid form's input: what someone else changed meanwhile."""
        saved = comparable_values(current)
        mine = comparable_values(self.cleaned_data)
        shown = displayed_values(current)
        return [
            (self.fields[name].label, shown[name]) for name in EDITABLE if saved[name] != mine[name]
        ]

    def profile(self) -> dict:
        """The cleaned input as keyword arguments for the organisation services."""
        data = self.cleaned_data
        profile = {
            name: data[name]
            for name in ("name", "summary", "description", "territory", "legal_form", "website")
        }
        profile["actor_types"] = [actor_type.code for actor_type in data["actor_types"]]
        # A new file replaces the logo, a ticked "clear" box removes it (False).
        if "logo" in self.changed_data:
            profile["logo"] = data["logo"] or False
        return profile


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to add"),
        max_length=254,
        help_text=_("They must already have a Terreau account."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why hide this organisation?"),
        max_length=2000,
        help_text=_("Its members will read this reason."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
