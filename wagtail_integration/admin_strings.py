"""The admin strings of Wagtail and wagtail-localize that showed in English in the German admin.

Three causes, three remedies (issue 18):

* The dependency's ``de`` catalog "translates" a msgid with the English word: ``"Locale"`` →
  ``"Locale"`` in Wagtail's admin catalog, ``"locale"`` → ``"Locale"`` in Wagtail's,
  ``"Locales"`` → ``"Locale"`` in wagtail-localize's (the translate form's field, the menu).
  :data:`STRINGS` marks those msgids, so that this package's catalog carries them in all its
  languages. Django looks a msgid up in the app catalogs in ``INSTALLED_APPS`` order, first app
  first, so these entries win as long as the package's apps come before Wagtail's and
  wagtail-localize's (docs/installation.md). ``makemessages --no-obsolete`` keeps only msgids
  it finds in the package's code; this module is where it finds these. Keep each msgid (and
  msgctxt, where the dependency gives one) exactly as the dependency writes it, or the entry
  never matches.
* A label Wagtail derives from a field's name without gettext (the login form's "Password", the
  sites listing's "Site name" and "Root page", the choosers' filter "Locale"):
  :func:`label_derived_fields`.
* A date written with ``strftime``, whose month is English in every language (wagtail-localize's
  "Translated manually on {date}" in the translation editor): :func:`localise_translation_dates`.

Both functions run in the core app's ``AppConfig.ready``. Not fixable here: the translation
editor's heading "… to … translation" (a JavaScript template literal in wagtail-localize, never
passed to gettext), and the default workflow's name "Moderators approval", which is data that
Wagtail's migration stored (Wagtail's "In %(workflow_name)s einreichen" is German; a site renames
the workflow and its task under Settings → Workflows).
"""

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy, gettext_noop

__all__ = ["STRINGS", "label_derived_fields", "localise_translation_dates"]

#: The msgids, as the dependencies write them.
STRINGS = [
    # wagtail/admin: LocaleFilter (the choosers' and listings' language filter), LocaleColumn,
    # the account's language settings.
    gettext_noop("Locale"),
    # wagtail: verbose_name of the locale fields, shown capitalised in forms.
    gettext_noop("locale"),
    # wagtail_localize: the admin menu entry and the "Translate this page" form's field label.
    gettext_noop("Locales"),
]


def label_derived_fields():
    """Give the admin's name-derived labels translatable ones (called from ``AppConfig.ready``).

    Wagtail's ``LoginForm`` redeclares Django's password field without its label, so Django
    labels it ``pretty_name("password")``, English in every language; the sites listing declares
    ``Column("site_name")`` and ``Column("root_page")`` without labels, so they read
    ``capfirst("site name")``; the choosers' filter adds ``locale`` unlabelled. The replacements
    are lazy; the catalogs translate ``"Password"``, ``"Locale"`` and the fields' verbose names.
    A Wagtail without these classes or fields is left as it is.
    """
    from wagtail.admin.forms.auth import LoginForm
    from wagtail.models import Site
    from wagtail.sites import views as site_views

    _label_chooser_locale_filter()
    password = LoginForm.base_fields.get("password")
    if password is not None and not password.label:
        password.label = gettext_lazy("Password")
    for column in getattr(getattr(site_views, "IndexView", None), "columns", ()):
        name = getattr(column, "name", None)
        if name in ("site_name", "root_page", "port"):
            column.label = capfirst(Site._meta.get_field(name).verbose_name)


def _label_chooser_locale_filter():
    """The choosers' language filter: ``LocaleFilterMixin`` adds its field without a label."""
    from wagtail.admin.forms import choosers

    mixin = getattr(choosers, "LocaleFilterMixin", None)
    if mixin is None or getattr(mixin.__init__, "labels_locale", False):
        return
    original = mixin.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        field = self.fields.get("locale")
        if field is not None and not field.label:
            field.label = gettext_lazy("Locale")

    __init__.labels_locale = True
    mixin.__init__ = __init__


def localise_translation_dates():
    """Write the date in wagtail-localize's "Translated manually on {date}" in the admin's
    language (called from ``AppConfig.ready``).

    ``StringTranslation.get_comment`` formats ``updated_at`` with ``strftime``, which names the
    month in English whatever the language ("Manuell übersetzt am 7 December 2026"). The
    sentence itself is translated by wagtail-localize's catalog; this replaces the date in it by
    the same date in the active language's ``DATE_FORMAT`` and the site's time zone. A
    wagtail-localize whose comment does not contain that date is left as it is.
    """
    from wagtail_localize import compat
    from wagtail_localize.models import StringTranslation

    original = StringTranslation.get_comment
    english_format = getattr(compat, "DATE_FORMAT", None)
    if english_format is None or getattr(original, "localises_dates", False):
        return

    def get_comment(self):
        comment = original(self)
        if not comment or self.updated_at is None:
            return comment
        english = self.updated_at.strftime(english_format)
        local = formats.date_format(timezone.localtime(self.updated_at), "DATE_FORMAT")
        return comment.replace(english, local)

    get_comment.localises_dates = True
    get_comment.__doc__ = original.__doc__
    StringTranslation.get_comment = get_comment
