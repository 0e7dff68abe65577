from django.http import HttpRequest, HttpResponse


def placeholder(request: HttpRequest, group_slug: str) -> HttpResponse:
    return HttpResponse("")
