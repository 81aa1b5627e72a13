"""The districts page's notes when the districts shown are a part, or span several areas (issue #5)."""

from __future__ import annotations

import pandas as pd

from layouts import districts as page


def texts(parts) -> list[str]:
    return [p.children for p in parts]


ROWS = pd.DataFrame(
    {
        "unit_id": ["a1", "b1"],
        "name": ["A1", "B1"],
        "value": [10.0, 30.0],
        "target": [10.0, 30.0],
        "target_status": ["final", "final"],
        "target_source": ["share", "share"],
    }
)
AVERAGE = {"value": 20.0, "status": "final", "n": 2}


def test_districtsnotes001_capped_text_only_when_not_all_are_drawn():
    assert page.capped_text(40, 40, "nb") == ""
    assert (
        page.capped_text(40, 1562, "nb")
        == "Viser 40 av 1\u00a0562 distrikter – velg en kommune i enhetsfilteret."
    )
    assert page.capped_text(40, 562, "en", short=True) == "showing 40 of 562"


def test_districtsnotes002_one_area_keeps_its_name_and_all_districts():
    out = texts(page.bars_note(ROWS.iloc[:1], AVERAGE, "count", 0, "P05", 8, "nb"))
    assert out[0] == "Mål: målet for P05 (80) er delt likt på de 8 distriktene (stiplet linje)."
    assert out[1].startswith("Snitt per distrikt: summen for alle 2 distrikter")


def test_districtsnotes003_several_areas_and_a_part_of_them_are_said_plainly():
    capped = page.capped_text(40, 562, "en")
    out = texts(
        page.bars_note(
            ROWS,
            AVERAGE,
            "count",
            0,
            "K1 P05",
            2,
            "en",
            areas=["K1 P05", "K2 P05"],
            capped=capped,
        )
    )
    assert out[0] == "Showing 40 of 562 districts – choose a municipality in the units filter."
    assert out[1].startswith("The districts shown belong to 2 areas: K1 P05, K2 P05.")
    assert not any("K1 P05 (" in x for x in out)  # no single area's target claimed for all
    assert out[2].startswith("Average per district: the total of all 2 districts divided by 2")
