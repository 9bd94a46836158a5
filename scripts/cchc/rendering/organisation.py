"""The organisation and contact officials block, rendered from the site data in mkdocs.yml.

Decree 42/2022/NĐ-CP (art. 4) requires the address, phone, email and the named contact
officials; keeping them in ``extra.organisation`` means the about page, printed
procedure checklists and feeds all show the same values. The markup is in
``rendering/templates/organisation/``.
"""

from __future__ import annotations

from cchc.core.settings import Organisation
from cchc.rendering.templates import render


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
