"""The organisation and contact officials block, rendered from the site data in mkdocs.yml.

Decree 42/2022/NĐ-CP (art. 4) requires the address, phone, email and the named contact
officials; keeping them in ``extra.organisation`` means the about page, printed
procedure checklists and feeds all show the same values. The markup is in
``rendering/templates/organisation/``.
"""

from __future__ import annotations

from markupsafe import Markup

from cchc.core.settings import Organisation, Settings
from cchc.rendering.page import GeneratedPage
from cchc.rendering.templates import render

ENGLISH_PAGE = "en/index.md"
NATIONAL_PORTAL = "https://dichvucong.gov.vn/"


def tel_digits(phone: str) -> str:
    """The phone number as a ``tel:`` URI wants it: digits and ``+`` only."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def organisation_html(org: Organisation) -> str:
    """Address, phone, email and opening hours as a definition table."""
    return render("organisation/organisation.html", org=org, digits=tel_digits)


def contacts_html(org: Organisation) -> str:
    """The named contact officials (họ tên, chức vụ, điện thoại, thư điện tử)."""
    return render("organisation/contacts.html", org=org, digits=tel_digits)


def contacts_html_en(org: Organisation) -> str:
    """The same officials for the English section Decree 42 (art. 7) asks for."""
    return render("organisation/contacts_en.html", org=org, digits=tel_digits)


def one_stop_html(org: Organisation) -> str:
    """The one-stop desk's hotline, hours and address (the home page)."""
    return render("organisation/one_stop.html", org=org, digits=tel_digits, dvc=NATIONAL_PORTAL)


def english_page(settings: Settings) -> GeneratedPage:
    """The English page ``en/`` (Decree 42/2022/NĐ-CP, art. 7) from the settings.

    ``cchc_lang: en`` makes Material print ``<html lang="en">`` (overrides/partials/language.html).
    """
    org = settings.organisation
    html = render(
        "organisation/english.html",
        org=org,
        site_name=settings.site_name,
        contacts=Markup(contacts_html_en(org)),  # HTML from organisation/contacts_en.html
        digits=tel_digits,
        dvc=NATIONAL_PORTAL,
        home="../",
    )
    name = org.name_en or org.name or settings.site_name
    meta = {
        "title": f"English – {name}",
        "description": f"{name}: functions, opening hours, the one-stop desk and the contact officials.",
        "cchc_lang": "en",
        "hide": ["navigation", "toc"],
    }
    return GeneratedPage(ENGLISH_PAGE, meta["title"], html, meta["description"], kind="page", meta=meta)
