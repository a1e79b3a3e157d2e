"""The project form: identity, classification, organisation, people served, links,
team and image. It only parses and checks input; `services` does the writing."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, URLValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from terreau.content.images import ImageUploadField
from terreau.organisations.models import Organisation
from terreau.projects.models import Project
from terreau.territories.forms import TerritoryField
from terreau.vocabularies.models import Domain, LegalForm, Stage

DESCRIPTION_MAX_LENGTH = 20_000
HTTP_ONLY = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with https://.")
)


class WebAddressField(forms.URLField):
    default_validators = [HTTP_ONLY]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)


class ProjectForm(forms.Form):
    # Which fields go in which section of the page (each a <fieldset>).
    SECTIONS = [
        (_("Identity"), ["name", "summary", "description"]),
        (_("Classification"), ["domains", "stage", "territory", "year_started", "legal_form"]),
        (_("Organisation"), ["organisation"]),
        (_("People served and funding"), ["beneficiaries", "funding_need", "website"]),
        (_("Image"), ["image", "image_alt", "remove_image"]),
    ]

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name of the project"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        help_text=_(
            "In one or two sentences: what the project does, for whom. 300 characters at most."
        ),
        widget=forms.Textarea(attrs={"rows": 3, "data-character-count": ""}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_(
            "Tell the story, the need, how it works and its results. You can use Markdown: "
            "*italics*, **bold**, [a link](https://example.org), lists starting with “-”, "
            "titles starting with “#”. HTML is shown as text."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    domains = forms.ModelMultipleChoiceField(
        label=_("Domains"),
        queryset=Domain.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The social needs the project answers."),
    )
    stage = forms.ModelChoiceField(
        label=_("Stage"),
        queryset=Stage.objects.active(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    territory = TerritoryField(
        label=_("Territory"),
        required=False,
        help_text=_("Where the project acts: a commune, an EPCI, a département or a région."),
    )
    year_started = forms.IntegerField(
        label=_("Year started"),
        required=False,
        min_value=1900,
        widget=forms.NumberInput(attrs={"class": "input--short"}),
    )
    legal_form = forms.ModelChoiceField(
        label=_("Legal form"),
        queryset=LegalForm.objects.active(),
        required=False,
        empty_label=_("Not said"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation carrying the project"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Its members can edit and publish the project."),
    )
    beneficiaries = forms.CharField(
        label=_("Who the project serves"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    funding_need = forms.IntegerField(
        label=_("Funding sought now (euros)"),
        required=False,
        min_value=0,
        max_value=10_000_000_000,
        widget=forms.NumberInput(attrs={"class": "input--medium"}),
    )
    website = WebAddressField(label=_("Website"), required=False)
    image = ImageUploadField(label=_("Image or logo"), required=False)
    image_alt = forms.CharField(
        label=_("What the image shows"),
        required=False,
        max_length=250,
        help_text=_("Read aloud to people who cannot see the image."),
    )
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    def __init__(self, *args, user, project: Project | None = None, **kwargs):
        self.project = project
        if project is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(project)
        super().__init__(*args, **kwargs)
        self.fields["summary"].widget.attrs["data-character-count-template"] = gettext(
            "%(left)s characters left out of %(limit)s"
        )
        next_year = datetime.date.today().year + 1
        self.fields["year_started"].validators.append(MaxValueValidator(next_year))
        self.fields["year_started"].widget.attrs["max"] = next_year
        organisations = Organisation.objects.of_user(user)
        if project is not None and project.organisation_id:
            # A platform administrator editing keeps the current organisation available.
            organisations = organisations | Organisation.objects.filter(pk=project.organisation_id)
        self.fields["organisation"].queryset = organisations.distinct().order_by("name")
        if project is None or not project.image:
            del self.fields["remove_image"]

    def sections(self):
        for title, names in self.SECTIONS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield title, fields

    def clean(self):
        data = super().clean()
        has_image = data.get("image") or (
            self.project is not None and self.project.image and not data.get("remove_image")
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Describe the image in a few words for people who cannot see it.")
            )
        return data

    def profile(self, links: list[dict], team: list[dict]) -> dict:
        """The cleaned input as keyword arguments for the project services."""
        data = self.cleaned_data
        profile = {
            name: data[name]
            for name in (
                "name", "summary", "description", "stage", "territory", "year_started",
                "legal_form", "organisation", "beneficiaries", "funding_need", "website",
                "image_alt",
            )
        }  # fmt: skip
        profile["domains"] = [domain.pk for domain in data["domains"]]
        profile["links"] = links
        profile["team"] = team
        if data.get("image"):
            profile["image"] = data["image"]
        elif data.get("remove_image"):
            profile["image"] = False
        return profile


def initial_for(project: Project) -> dict:
    return {
        "version": project.version,
        "name": project.name,
        "summary": project.summary,
        "description": project.description,
        "domains": list(project.domains.all()),
        "stage": project.stage_id,
        "territory": project.territory,
        "year_started": project.year_started,
        "legal_form": project.legal_form_id,
        "organisation": project.organisation_id,
        "beneficiaries": project.beneficiaries,
        "funding_need": project.funding_need,
        "website": project.website,
        "image_alt": project.image_alt,
    }


class HideForm(forms.Form):
    # Required by the service, which says why in its own words.
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=_("Say what is wrong and what would allow the project to be shown again."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LinkForm(forms.Form):
    label = forms.CharField(label=_("Link text"), max_length=100, required=False)
    url = WebAddressField(label=_("Web address"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("label") and not data.get("url") and "url" not in self.errors:
            self.add_error("url", _("Give the address this link leads to."))
        return data


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("role") and not data.get("name"):
            self.add_error("name", _("Give the name of this person."))
        return data


# Blank rows offered after the filled ones; "Add rows" offers more without JavaScript.
BLANK_ROWS = 2
MAX_ROWS = 20
LinkFormSet = forms.formset_factory(
    LinkForm, extra=BLANK_ROWS, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
)
TeamFormSet = forms.formset_factory(
    TeamMemberForm, extra=BLANK_ROWS, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
)


def rows(formset) -> list[dict]:
    """The filled rows of a valid formset, in order."""
    return [form.cleaned_data for form in formset.forms if any(form.cleaned_data.values())]
