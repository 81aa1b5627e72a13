"""The overview draws at most a screenful of cards (layouts/overview.py OVERVIEW_CARD_LIMIT):
each goal area its first CARDS_PER_STEP, «Vis 8 til (n igjen)» adds the next ones
(callbacks/overview.py show_more_cards, a Patch on the area's grid). Drammen's 30 cards are
drawn exactly as before."""

from __future__ import annotations

import json

import pandas as pd
import plotly
import pytest
from dash import dcc, html

from data import query_overview, store
from layouts import cards, ids
from layouts import overview as ov
from layouts.state import PageState
from tests import history
from tests.layouts.test_cards import POINTS, ROW, classes, plain, text, walk
from tests.synthetic import write_synthetic

STEP = ov.CARDS_PER_STEP


def as_json(component) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def area_rows(goal: str, n: int, missed_at: tuple[int, ...] = ()) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                **ROW,
                "indicator_id": f"{goal[:3]}{i:03d}",
                "name": f"{goal} {i}",
                "name_en": f"{goal} en {i}",
                "against_target": "missed" if i in missed_at else "met",
            }
            for i in range(n)
        ]
    ).assign(goal_area=goal)


def card_ids(columns) -> list[str]:
    """The indicator each card column links to, in order."""
    out = []
    for col in columns:
        links = [c for c in walk(col) if "kpi-card-link" in classes(c)]
        out.append(links[0].href.split("/indicators/")[1].split("?")[0])
    return out


def dict_ids(tree) -> list[dict]:
    return [c.id for c in walk(tree) if isinstance(getattr(c, "id", None), dict)]


def old_sections(groups, points, state) -> list:
    """goal_area_sections as it was before the cap (the reference for uncapped input)."""
    out = []
    for goal, rows in groups:
        records = rows.to_dict("records")
        grid = cards.card_grid(
            [ov.kpi(r, state, points.get(r["indicator_id"])) for r in records],
            state.lang,
            col_classes=[f"kpi-col kpi-col-{r['against_target'].replace('/', '')}" for r in records],
        )
        out.append(
            html.Section(
                [html.H2(ov.goal_area_name(goal, state.lang), className="h5 goal-area-title"), grid],
                className="goal-area",
            )
        )
    return out


@pytest.fixture
def drammen_cards():
    """The shipped dataset's cards for 2016 (30: under the cap)."""
    saved = dict(store._current)
    store.open_dataset()
    try:
        indicators = store.table("indicators")
        obs = store.headline_observations(list(indicators["indicator_id"]), 2016)
        rows = query_overview.card_figures(
            obs, indicators, store.table("units"), store.table("targets"), 2016
        )
        yield query_overview.goal_areas(rows), query_overview.sparklines(obs, rows, 2016)
    finally:
        store._current.clear()
        store._current.update(saved)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_more001_drammen_sized_overview_is_drawn_as_before(drammen_cards, lang):
    groups, points = drammen_cards
    assert sum(len(rows) for _, rows in groups) == 30 <= ov.OVERVIEW_CARD_LIMIT
    state = PageState(page="overview", lang=lang, year=2016)
    sections = ov.goal_area_sections(groups, points, state)
    assert as_json(sections) == as_json(old_sections(groups, points, state))
    new_types = {ids.OVERVIEW_AREA, ids.OVERVIEW_MORE, ids.OVERVIEW_SHOWN}
    assert [i for i in dict_ids(sections) if i["type"] in new_types] == []  # nothing for «Vis flere»
    assert "goal-area-capped" not in as_json(sections)
    assert sum(len(s.children[1].children) for s in sections) == 30


def test_more002_cap_boundary_is_the_total_over_all_areas():
    state = PageState(page="overview", lang="nb", year=2016)
    at_limit = [
        ("Kompetanse", area_rows("Kompetanse", 20)),
        ("Arbeidskultur", area_rows("Arbeidskultur", 16)),
    ]
    sections = ov.goal_area_sections(at_limit, {}, state)
    assert [len(s.children[1].children) for s in sections] == [20, 16]  # 36: not capped
    over = [*at_limit[:1], ("Arbeidskultur", area_rows("Arbeidskultur", 17))]
    sections = ov.goal_area_sections(over, {}, state)
    assert [len(s.children[1].children) for s in sections] == [STEP, STEP]


@pytest.mark.parametrize(
    ("lang", "titles", "buttons"),
    [
        (
            "nb",
            ["Sjef i eget liv (60)", "Kompetanse (20)", "Arbeidskultur (5)"],
            ["Vis 8 til (52 igjen)", "Vis 8 til (12 igjen)", "Vis 0 til (0 igjen)"],
        ),
        (
            "en",
            ["In charge of one’s own life (60)", "Competence (20)", "Workplace culture (5)"],
            ["Show 8 more (52 left)", "Show 8 more (12 left)", "Show 0 more (0 left)"],
        ),
    ],
)
def test_more003_capped_areas_show_their_first_cards_and_a_button(lang, titles, buttons):
    groups = [
        ("Sjef i eget liv", area_rows("Sjef i eget liv", 60, missed_at=(30,))),
        ("Kompetanse", area_rows("Kompetanse", 20, missed_at=(2,))),
        ("Arbeidskultur", area_rows("Arbeidskultur", 5)),
    ]
    state = PageState(page="overview", lang=lang, year=2016)
    sections = ov.goal_area_sections(groups, {"Sje000": POINTS}, state)
    assert [plain(text(s.children[0])) for s in sections] == titles
    for area, (section, (_, rows)) in enumerate(zip(sections, groups, strict=True)):
        _heading, grid, button, shown = section.children
        assert grid.id == ids.overview_area(area) == {"type": "overview-div-area", "area": area}
        assert button.id == {"type": "overview-button-more", "area": area}
        assert isinstance(button, html.Button) and isinstance(shown, dcc.Store)
        assert shown.id == ids.overview_shown(area) and shown.data == min(STEP, len(rows))
        assert card_ids(grid.children) == list(rows["indicator_id"][:STEP])  # the first, in order
        assert plain(text(button)) == buttons[area]
        assert button.hidden == (len(rows) <= STEP)
        # The columns keep the classes the «only off target» switch reads.
        assert all("kpi-col" in classes(c) for c in grid.children)
    assert "kpi-col-missed" in classes(sections[1].children[1].children[2])
    # The first area's only missed card is not shown yet: the section says so for the switch.
    assert [("goal-area-has-missed" in classes(s)) for s in sections] == [True, True, False]
    assert all({"goal-area", "goal-area-capped"} <= classes(s) for s in sections)


def test_more004_more_cards_gives_the_next_step_of_the_right_area():
    groups = [("Kompetanse", area_rows("Kompetanse", 20)), ("Arbeidskultur", area_rows("Arbeidskultur", 30))]
    state = PageState(page="overview", lang="nb", year=2016)
    columns, upto, left = ov.more_cards(groups, {}, state, 1, STEP)
    assert card_ids(columns) == list(groups[1][1]["indicator_id"][STEP : 2 * STEP])
    assert (upto, left) == (16, 14)
    columns, upto, left = ov.more_cards(groups, {}, state, 0, 16)
    assert card_ids(columns) == list(groups[0][1]["indicator_id"][16:20]) and (upto, left) == (20, 0)
    for area, shown in ((2, 8), (-1, 8), (0, 20), (0, 25), (0, -3)):
        assert ov.more_cards(groups, {}, state, area, shown) is None
    assert ov.more_label(4, "nb") == "Vis 4 til (4 igjen)"
    assert plain(ov.more_label(1052, "nb")) == "Vis 8 til (1 052 igjen)"
    assert ov.more_label(1052, "en") == "Show 8 more (1,052 left)"


# --- The callback's function on a real (synthetic) dataset --------------------------------------


@pytest.fixture(scope="module")
def wide_dataset(tmp_path_factory):
    """3 municipalities, 100 indicators: five goal areas of 20 cards."""
    return write_synthetic(tmp_path_factory.mktemp("wide"), 3, 100, "2015-2016", monthly=False)


@pytest.fixture
def wide_store(wide_dataset):
    with history.serving(wide_dataset):
        yield


def extended(patch) -> list:
    """The columns a Patch appends to the grid (and that it does nothing else)."""
    (op,) = patch.to_plotly_json()["operations"]
    assert op["operation"] == "Extend" and op["location"] == []
    return op["params"]["value"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_more005_show_more_appends_the_next_cards_of_its_area(wide_store, lang):
    from callbacks import overview as cb

    page = {"page": "overview", "lang": lang}
    rows, points = cb._cards(2016)
    groups = query_overview.goal_areas(rows)
    assert len(groups) == 5 and all(len(r) == 20 for _, r in groups)
    state = PageState(page="overview", lang=lang, year=2016)
    sections = ov.goal_area_sections(groups, points, state)
    shown = [card_ids(s.children[1].children) for s in sections]
    assert all(len(s) == STEP for s in shown)

    patch, label, hidden, upto = cb.show_more_cards(2, STEP, "2016", page)
    assert card_ids(extended(patch)) == list(groups[2][1]["indicator_id"][STEP:16])
    assert upto == 16 and hidden is False
    assert label == {"nb": "Vis 4 til (4 igjen)", "en": "Show 4 more (4 left)"}[lang]

    patch, label, hidden, upto = cb.show_more_cards(2, 16, "2016", page)
    assert card_ids(extended(patch)) == list(groups[2][1]["indicator_id"][16:20])
    assert upto == 20 and hidden is True  # the last step: the button goes


@pytest.mark.parametrize(
    ("area", "shown", "year", "page"),
    [
        (9, 8, "2016", {}),
        (True, 8, "2016", {}),
        ("0", 8, "2016", {}),
        (None, 8, "2016", {}),
        (0, 20, "2016", {}),
        (0, "8", "2016", {}),
        (0, None, "2016", {}),
        (0, 8, "garbage", "garbage"),
    ],
)
def test_more006_show_more_ignores_requests_it_cannot_answer(wide_store, area, shown, year, page):
    from dash.exceptions import PreventUpdate

    from callbacks import overview as cb

    with pytest.raises(PreventUpdate):
        cb.show_more_cards(
            area, shown, year, {"page": "overview", **page} if isinstance(page, dict) else page
        )
