"""The one mail renderer of the package: every e-mail it sends is made here.

An e-mail is three templates under one name: ``<name>_subject.txt``, ``<name>.txt`` and,
optionally, ``<name>.html``. The plain parts are rendered with autoescaping off (they are not
HTML, and ``&amp;`` in a subject is a bug), whatever the template says. The HTML part is the
``.html`` template rendered with autoescaping on or, without one, the plain text with every
character escaped, its links made clickable and its paragraphs kept. Names, messages and titles
typed by visitors or editors therefore never reach a mail program as markup.

It lives in the core, not in ``submissions``, because the topics' review reminders, which sit
below ``submissions`` in the layers (STYLE.md), send mail through it too.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import escape, linebreaks, urlize

from .conf import get_setting

__all__ = ["html_from_text", "render_mail", "sender"]


def sender():
    """The sender of the package's e-mails: ``NOTIFICATION_FROM_EMAIL``, else Django's default."""
    return get_setting("NOTIFICATION_FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL


def _render_plain(name, context):
    template = get_template(name)
    inner = getattr(template, "template", None)
    if inner is None:  # not a Django template: it escapes (or not) as its engine does
        return template.render(context)
    return inner.render(Context(context, autoescape=False))


def html_from_text(text, language):
    """An HTML document of the plain ``text``: escaped, links clickable, paragraphs kept."""
    # escape() escapes a SafeString too: render_to_string's output is one, and urlize() alone
    # would pass it through unescaped.
    body = linebreaks(urlize(escape(text), autoescape=True))
    with translation.override(language):
        direction = "rtl" if translation.get_language_bidi() else "ltr"
    return f'<html lang="{escape(language)}" dir="{direction}"><body>{body}</body></html>'


def render_mail(template, context, *, to, language, from_email=None, headers=None):
    """The ``EmailMultiAlternatives`` of the templates named ``template``, in ``language``.

    ``to`` is a list of addresses; ``headers`` extra headers. Override the templates, not this
    function, to change what a mail says.
    """
    with translation.override(language):
        subject = " ".join(_render_plain(f"{template}_subject.txt", context).split())
        text = _render_plain(f"{template}.txt", context)
        try:
            html = get_template(f"{template}.html").render(context)
        except TemplateDoesNotExist:
            html = html_from_text(text, language)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email or sender(),
        to=list(to),
        headers=dict(headers or {}),
    )
    message.attach_alternative(html, "text/html")
    return message
