"""WCAG 2.1 contrast of the colours the app draws with, read from where they are defined
(layouts/figures/common.py and assets/*.css): text at least 4.5:1, graphics at least 3:1
(1.4.3 and 1.4.11), status colours included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layouts.figures import common

ASSETS = Path(__file__).resolve().parents[2] / "assets"
WHITE = "#ffffff"
NAVBAR = "#004b7a"  # .shell-navbar.bg-primary in style.css
TEXT, GRAPHICS = 4.5, 3.0
HEX = r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b"


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of '#rgb' or '#rrggbb'."""
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_rules() -> list[tuple[str, str, str]]:
    """(file, selector, declarations) of every innermost rule in assets/*.css."""
    rules = []
    for path in sorted(ASSETS.glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            rules.append((path.name, " ".join(selector.split()), body))
    return rules


def declared(body: str, prop: str) -> str | None:
    """The hex colour of `prop` in a rule body ('color' does not match 'background-color')."""
    found = re.search(rf"(?<![-\w]){prop}\s*:\s*[^;]*?({HEX})", body)
    return found.group(1) if found else None


def page_background() -> str:
    for name, selector, body in css_rules():
        if name == "style.css" and selector == "body":
            return declared(body, "background") or WHITE
    return WHITE


def backgrounds_for(selector: str, body: str) -> list[str]:
    """What a rule's colour is drawn on: its own background, the navigation bar, or the page and
    the white of cards, tables and charts."""
    own = declared(body, "background") or declared(body, "background-color")
    if own:
        return [own]
    if ".shell-navbar" in selector:
        return [NAVBAR]
    return [WHITE, page_background()]


def test_contrast001_ratio_matches_wcag_examples():
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert ratio("#0d6efd", "#f6f7f9") < TEXT  # Bootstrap's link blue on our page: why it is overridden


@pytest.mark.parametrize("colour", common.PALETTE)
def test_contrast002_chart_palette_against_chart_background(colour):
    assert ratio(colour, WHITE) >= GRAPHICS, f"{colour}: {ratio(colour, WHITE):.2f}:1"


def test_contrast003_palette_stays_distinct():
    """Darkening must not make two series look alike: distinct colours, hue order of Okabe–Ito."""
    assert len({c.lower() for c in common.PALETTE}) == len(common.PALETTE)
    assert common.PALETTE[0].upper() == "#0072B2" and common.PALETTE[-1] == "#000000"


@pytest.mark.parametrize("name", ["TARGET_COLOUR", "AVERAGE_COLOUR"])
def test_contrast004_reference_lines(name):
    colour = getattr(common, name)
    assert ratio(colour, WHITE) >= GRAPHICS


@pytest.mark.parametrize("status", sorted(common.STATUS_STYLE))
def test_contrast005_status_colours_are_text(status):
    """The status word is drawn in its colour on white cards and on the page background."""
    colour = common.STATUS_STYLE[status]["colour"]
    for background in (WHITE, page_background()):
        assert ratio(colour, background) >= TEXT, f"{status} {colour} on {background}"


@pytest.mark.parametrize("name", ["INK", "MUTED"])
def test_contrast006_chart_text(name):
    assert ratio(getattr(common, name), WHITE) >= TEXT


def test_contrast007_css_text_colours():
    rules = [(n, s, b) for n, s, b in css_rules() if declared(b, "color")]
    assert len(rules) > 10, "the CSS parser found too few colours"
    failures = []
    for name, selector, body in rules:
        colour = declared(body, "color")
        for background in backgrounds_for(selector, body):
            if ratio(colour, background) < TEXT:
                failures.append(
                    f"{name} {selector}: {colour} on {background} {ratio(colour, background):.2f}:1"
                )
    assert not failures, "\n".join(failures)


def test_contrast008_css_graphics_and_focus_ring():
    """Status borders of the cards and the focus ring: 3:1 against what is around them."""
    checked = 0
    failures = []
    for name, selector, body in css_rules():
        props = []
        if "kpi-against" in selector or "--kpi-" in body:
            props += ["border-left-color", *re.findall(r"(--kpi-[\w-]+)\s*:", body)]
        if "focus" in selector:
            props += ["outline", "outline-color"]
        for prop in props:
            colour = declared(body, prop)
            if colour is None or prop == "--kpi-ink":
                continue
            checked += 1
            for background in backgrounds_for(selector, body) if "focus" in selector else [WHITE]:
                if ratio(colour, background) < GRAPHICS:
                    failures.append(f"{name} {selector} {prop}: {colour} on {background}")
    assert checked >= 8
    assert not failures, "\n".join(failures)
