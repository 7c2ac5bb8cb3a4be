"""How the forms API describes a Django form: field types, choices, initial values, groups."""

from django import forms
from django.forms.widgets import ChoiceWidget

__all__ = [
    "describe_field",
    "describe_fieldsets",
    "field_choices",
    "field_type",
    "visible_field_names",
]

#: Input types a text input keeps as its ``type``; any other is answered as ``text``.
_INPUT_TYPES = {"text", "email", "tel", "url", "number", "date"}


def field_type(field):
    """How a client asks for ``field``: one of the ``FieldType`` names of the schemas."""
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, ChoiceWidget):
        if widget.allow_multiple_selected:
            return "checkboxes"
        return "radio" if widget.input_type == "radio" else "select"
    input_type = widget.attrs.get("type") or getattr(widget, "input_type", "text")
    return input_type if input_type in _INPUT_TYPES else "text"


def field_choices(field):
    """``field``'s choices as ``[(value, label)]``, groups flattened, the empty choice left out."""
    result = []
    for value, label in getattr(field, "choices", ()):
        options = label if isinstance(label, (list, tuple)) else [(value, label)]
        result.extend((str(v), str(text)) for v, text in options if str(v) != "")
    return result


def _initial(form, name, field):
    value = form.get_initial_for_field(field, name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return str(value)


def describe_field(form, name):
    """The field ``name`` of ``form`` as the API describes it, in the active language."""
    field = form.fields[name]
    return {
        "name": name,
        "type": field_type(field),
        "label": str(field.label or ""),
        "help_text": str(field.help_text or ""),
        "required": field.required,
        "max_length": getattr(field, "max_length", None),
        "choices": [{"value": value, "label": label} for value, label in field_choices(field)],
        "initial": _initial(form, name, field),
    }


def visible_field_names(form):
    """The names of the fields a client fills in: neither hidden nor spam machinery."""
    return [
        name
        for name, field in form.fields.items()
        if name not in form.machinery_fields and not field.widget.is_hidden
    ]


def describe_fieldsets(form, names):
    """The groups of ``names`` with their legends, one group when the form has none."""
    if not callable(getattr(form, "fieldsets", None)):
        return [{"legend": "", "fields": names}]
    groups = [
        {"legend": str(legend), "fields": [bf.name for bf in fields if bf.name in names]}
        for legend, fields in form.fieldsets()
    ]
    return [group for group in groups if group["fields"]]
