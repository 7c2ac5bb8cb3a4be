"""What a public form page (:class:`.models.AbstractFormPage`) serves: show, validate, store,
thank."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from .intake import accept, rate_limit_message, rate_limited
from .models import Source

__all__ = ["serve_form", "serve_thanks"]


def serve_form(page, request, *args, source=Source.PAGE, **kwargs):
    """Answer GET with the empty form and POST by storing a valid submission.

    A valid POST is redirected to the page's thank-you view (so reloading it sends nothing twice);
    so is the same form sent again with its token (a double click), which stores nothing more.
    An invalid one comes back with its errors; too many from one address get status 429 with
    ``Retry-After`` and the wait in the message. A submission whose honeypot was filled in is
    thanked for and dropped. The form is never cached: its token is good for one submission.
    """
    status = 200
    rate_error = None
    wait = 0
    if request.method == "POST":
        form = page.get_form(request.POST)
        wait = rate_limited(request)
        if wait:
            rate_error = rate_limit_message(wait)
            status = 429
        elif form.is_valid():
            if not form.is_spam:
                accept(form, page=page, source=source, language=page.locale.language_code)
            return redirect(page.url + page.reverse_subpage("thanks"))
    else:
        form = page.get_form()
    context = page.get_context(request, *args, **kwargs)
    context.update(form=form, rate_error=rate_error)
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    # Each answer carries a token of its own, good for one submission: a cache, the browser's
    # back button included, must not hand it out again.
    add_never_cache_headers(response)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def serve_thanks(page, request, *args, **kwargs):
    """The thank-you page after a submission."""
    context = page.get_context(request, *args, **kwargs)
    return TemplateResponse(request, page.get_landing_template(request), context)
