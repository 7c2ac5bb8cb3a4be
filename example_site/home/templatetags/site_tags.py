"""Template tags of the example site's base template: header menu and footer links.

The language switcher and the alternates are the package's (``integration_tags``).
"""

from django import template

from example_site.home import navigation

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def site_main_menu(context):
    """The main menu in the visitor's language."""
    request = context.get("request")
    if request is None:
        return {"items": []}
    return {"items": navigation.main_menu(request, context.get("page"))}


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def site_footer_links(context):
    """The footer's links (imprint, privacy, accessibility) in the visitor's language."""
    request = context.get("request")
    if request is None:
        return {"items": []}
    return {"items": navigation.footer_links(request)}
