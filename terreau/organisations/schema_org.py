"""The organisation as schema.org data (JSON-LD), for search engines and data reusers."""

from terreau.organisations.models import Organisation


def organisation_jsonld(organisation: Organisation, *, url: str, logo_url: str = "") -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "url": url,
        "name": organisation.name,
        "identifier": organisation.ref,
    }
    if organisation.summary:
        data["description"] = organisation.summary
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if logo_url:
        data["logo"] = logo_url
    if organisation.territory_id:
        data["areaServed"] = {
            "@type": "AdministrativeArea",
            "name": organisation.territory.name,
            "identifier": organisation.territory_id,
        }
    return data
