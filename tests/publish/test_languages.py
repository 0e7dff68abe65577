"""Pages follow the reader's language: their remembered choice, else their browser's among the
group's working languages; Arabic lays out right to left; the working languages show by name."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from accord.groups.language import choose_language

SIX = ["en", "fr", "es", "ar", "zh-hans", "ru"]


@pytest.fixture
def six(world):
    world.group.working_languages = SIX
    world.group.save(update_fields=["working_languages"])
    return world.group


def _lang(html: str) -> str:
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("language", "lang", "direction"),
    [("ar", "ar", "rtl"), ("fr", "fr", "ltr"), ("zh-hans", "zh-hans", "ltr"), ("en", "en", "ltr")],
)
def test_html_lang_and_direction(client, six, language, lang, direction):
    html = client.get("/g/wgec/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


@pytest.mark.parametrize(
    ("accept", "working", "chosen"),
    [
        ("ar, fr;q=0.8", ["en", "fr"], "fr"),  # Arabic is not a working language: the next wish
        ("de-DE, de;q=0.9", ["en", "fr"], "en"),  # none wished: the group's first
        ("zh-CN,zh;q=0.9", SIX, "zh-hans"),  # a browser's Chinese is the interface's
        ("fr-CA", ["es", "fr"], "fr"),
        ("", ["es", "en"], "es"),
        ("ru", ["pt", "xx"], None),  # the group names no language the interface speaks
    ],
)
def test_choose_language_among_working_languages(accept, working, chosen):
    from accord.groups.language import working_interface_languages

    assert choose_language(accept, working_interface_languages(working)) == chosen


def test_a_group_page_answers_in_the_browsers_language_among_the_groups(client, world):
    world.group.working_languages = ["en", "fr"]
    world.group.save(update_fields=["working_languages"])

    def page(accept: str) -> str:
        return client.get("/g/wgec/", HTTP_ACCEPT_LANGUAGE=accept).content.decode()

    assert _lang(page("ar, fr;q=0.5")) == "fr"
    assert _lang(page("ar")) == "en"
    # Outside a group, any of the six the browser asks for.
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()) == "ar"


def test_the_switcher_remembers_the_choice_over_the_browsers(client, world):
    page = client.get("/g/wgec/").content.decode()
    for code, _name in settings.LANGUAGES:  # six links on every page, each named in its language
        assert f'hreflang="{code}"' in page
    answer = client.get("/language/", {"language": "ar", "next": "/g/wgec/members/"})
    assert answer.status_code == 302 and answer["Location"] == "/g/wgec/members/"
    cookie = answer.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ar" and int(cookie["max-age"]) >= 300 * 24 * 3600
    # Chosen outright: Arabic, though the group works in English only and the browser asks fr.
    html = client.get("/g/wgec/members/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'aria-current="true">العربية</a>' in html


def test_the_interface_speaks_the_chosen_language(client, six):
    with translation.override("fr"):
        members, mandate = translation.gettext("Members"), translation.gettext("Mandate")
    assert (members, mandate) != ("Members", "Mandate")  # the French catalogue says it
    client.get("/language/", {"language": "fr", "next": "/"})
    html = client.get("/g/wgec/").content.decode()
    assert f">{members}</a>" in html and f"<h2>{mandate}</h2>" in html


def test_the_switcher_goes_back_to_the_page_it_was_on(client, world):
    page = client.get("/g/wgec/members/").content.decode()
    link = '<a href="/language/?language=ru"'
    assert link in page and "next=" not in page.split('class="language-switch"')[1]
    answer = client.get(
        "/language/", {"language": "ru"}, HTTP_REFERER="http://testserver/g/wgec/members/"
    )
    assert answer.status_code == 302
    assert answer["Location"] == "http://testserver/g/wgec/members/"
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/x", ""])
def test_the_switcher_goes_back_only_within_the_site(client, world, target):
    answer = client.get("/language/", {"language": "es", "next": target})
    assert answer.status_code == 302 and answer["Location"] == "/"


def test_an_unknown_language_is_not_remembered(client, world):
    answer = client.get("/language/", {"language": "xx", "next": "/g/wgec/"})
    assert answer.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in answer.cookies


def test_the_overview_names_the_working_languages(client, six):
    html = client.get("/g/wgec/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "English, French (français), Spanish (español), Arabic (العربيّة)" in html
