"""The HTML side of every public form page: show, validate, store, thank."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .intake import accept, rate_limited
from .models import Source

__all__ = ["serve_form", "serve_thanks"]


def serve_form(page, request, *args, source=Source.PAGE, **kwargs):
    """Answer GET with the empty form and POST by storing a valid submission.

    A valid POST is redirected to the page's thank-you view (so reloading it sends nothing twice);
    an invalid one comes back with its errors; too many from one address get status 429.
    A submission whose honeypot was filled in is thanked for and dropped.
    """
    status = 200
    rate_error = None
    if request.method == "POST":
        form = page.get_form(request.POST)
        if rate_limited(request):
            rate_error = _(
                "Too many forms were sent from your connection. Please try again in an hour."
            )
            status = 429
        elif form.is_valid():
            if not form.is_spam:
                accept(form, page=page, source=source, language=page.locale.language_code)
            return redirect(page.url + page.reverse_subpage("thanks"))
    else:
        form = page.get_form()
    context = page.get_context(request, *args, **kwargs)
    context.update(form=form, rate_error=rate_error)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def serve_thanks(page, request, *args, **kwargs):
    """The thank-you page after a submission."""
    context = page.get_context(request, *args, **kwargs)
    return TemplateResponse(request, page.get_landing_template(request), context)
