from django import template

from ..admin import todo

register = template.Library()


@register.simple_tag(takes_context=True)
def todo_items(context):
    """What needs doing for the user of the admin's home page (`releases.admin.todo`)."""
    return todo.items(context["request"])
