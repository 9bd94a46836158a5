"""The organisation and contact officials block, rendered from the site data in mkdocs.yml.

Decree 42/2022/NĐ-CP (art. 4) requires the address, phone, email and the named contact
officials; keeping them in ``extra.organisation`` means the about page, printed
procedure checklists and feeds all show the same values.
"""

from __future__ import annotations

from html import escape

from cchc.core.settings import Organisation


def _tel(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return f'<a href="tel:{digits}">{escape(phone)}</a>' if digits else ""


def _mail(email: str) -> str:
    return f'<a href="mailto:{escape(email)}">{escape(email)}</a>' if email else ""


def organisation_html(org: Organisation) -> str:
    """Address, phone, email and opening hours as a definition table."""
    rows = [
        ("Cơ quan", escape(org.name)),
        ("Địa chỉ", escape(org.address)),
        ("Điện thoại", _tel(org.phone)),
        ("Thư điện tử", _mail(org.email)),
        ("Giờ làm việc", escape(org.hours)),
    ]
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows if v)
    return f'<table class="cchc-org"><caption>Thông tin liên hệ</caption><tbody>{body}</tbody></table>'


def contacts_html(org: Organisation) -> str:
    """The named contact officials (họ tên, chức vụ, điện thoại, thư điện tử)."""
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.role)}</td><td>{_tel(c.phone)}</td><td>{_mail(c.email)}</td></tr>"
        for c in org.contacts
    )
    return (
        '<table class="cchc-contacts"><caption>Cán bộ đầu mối</caption><thead><tr>'
        '<th scope="col">Họ và tên</th><th scope="col">Chức vụ, nhiệm vụ</th>'
        '<th scope="col">Điện thoại</th><th scope="col">Thư điện tử</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def contacts_html_en(org: Organisation) -> str:
    """The same officials for the English section Decree 42 (art. 7) asks for."""
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{_tel(c.phone)}</td><td>{_mail(c.email)}</td></tr>"
        for c in org.contacts
    )
    return (
        '<table class="cchc-contacts" lang="en"><caption>Contact officials</caption><thead><tr>'
        '<th scope="col">Name</th><th scope="col">Phone</th><th scope="col">Email</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def expand(markdown: str, org: Organisation) -> str:
    """Replace the about page's placeholders with the rendered blocks."""
    return (
        markdown.replace("<!-- cchc:organisation -->", organisation_html(org))
        .replace("<!-- cchc:contacts -->", contacts_html(org))
        .replace("<!-- cchc:contacts-en -->", contacts_html_en(org))
    )
