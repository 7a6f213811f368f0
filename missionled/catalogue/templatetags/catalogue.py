from django import template

register = template.Library()

DELIVERY_LABELS = {"online": "Online", "face_to_face": "Face to face"}


@register.filter
def delivery_label(mode: str) -> str:
    return DELIVERY_LABELS.get(mode, mode)


@register.filter
def hours(minutes: int) -> str:
    whole, rest = divmod(int(minutes), 60)
    return f"{whole} hours" if not rest else f"{whole} hours {rest} minutes"
