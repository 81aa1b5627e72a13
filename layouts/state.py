"""The page state lives in the URL: reading it, checking it against what the data has, writing it.

`/districts/hamborgstrom?period=2016-03&units=askollen,konnerud&indicator=sick_leave_pct&lang=en`
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from layouts.format import normalize_lang

# Every query parameter the app understands, in the order URLs are written.
PARAMS = ("period", "units", "indicator", "lang", "present")
# Carried over by the navigation links when moving between pages.
KEPT = ("lang", "period", "present")
SUBPERIODS = ("year", "T1", "T2", "T3", *(f"M{m:02d}" for m in range(1, 13)))


def parse(search: str | None) -> dict[str, str]:
    """'?lang=en&period=2016' -> {'lang': 'en', 'period': '2016'} (last value wins; not text: {})."""
    return {k: v[-1] for k, v in parse_qs(search.lstrip("?") if isinstance(search, str) else "").items()}


def lang_of(search: str | None) -> str:
    return normalize_lang(parse(search).get("lang"))


def href(path: str, query: dict[str, str], keep: tuple[str, ...] = KEPT) -> str:
    """A link to `path` with the `keep` parameters of `query`; bokmål, the default, is left out."""
    kept = {k: query[k] for k in keep if query.get(k) and not (k == "lang" and query[k] == "nb")}
    return f"{path}?{urlencode(kept)}" if kept else path


@dataclass(frozen=True)
class FilterOptions:
    """What the filters of one page can offer, from the data."""

    years: tuple[int, ...] = ()
    default_year: int | None = None
    subperiods: tuple[str, ...] = ("year",)  # 'year', 'T1'..'T3', 'M01'..'M12' where data exist
    units: tuple[tuple[str, str, int], ...] = ()  # (unit_id, name, depth) in tree order
    indicators: tuple[tuple[str, str, str], ...] = ()  # (indicator_id, name, name_en)
    default_indicator: str | None = None
    keys: tuple[str, ...] = ()  # valid drill keys in the path (unit ids, programmes, indicators)


@dataclass(frozen=True)
class PageState:
    """One page's state: what the URL says, after checking it against the options."""

    page: str
    lang: str = "nb"
    year: int | None = None
    subperiod: str = "year"
    units: tuple[str, ...] = ()  # empty: all units
    indicator: str | None = None
    key: str | None = None  # the drilled item from the path, e.g. a unit id
    present: bool = False  # present mode (?present=1): full-screen views for a projector
    notices: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # (code, value) fallbacks

    @property
    def period(self) -> str | None:
        """'2016', '2016-T1' or '2016-03', as in the dataset's periods."""
        if self.year is None:
            return None
        if self.subperiod == "year":
            return str(self.year)
        sub = self.subperiod[1:] if self.subperiod.startswith("M") else self.subperiod
        return f"{self.year}-{sub}"

    def query(self) -> dict[str, str]:
        out = {"period": self.period or "", "units": ",".join(self.units), "indicator": self.indicator or ""}
        out["lang"] = self.lang if self.lang != "nb" else ""
        out["present"] = "1" if self.present else ""
        return {k: v for k, v in out.items() if v}

    def url(self, path: str) -> str:
        return href(path, self.query(), keep=PARAMS)

    @classmethod
    def from_filters(
        cls,
        page_data: dict | None,
        year: str | None,
        subperiod: str | None,
        units: list[str] | None,
        indicator: str | None,
    ) -> PageState:
        """The state as the filter bar shows it now (in a callback: filter values + the page store).

        The values normally come from options the page itself offered, but a request can carry
        anything: values of the wrong type or shape are read as "not chosen" (the default).
        """
        page_data = page_data if isinstance(page_data, dict) else {}
        shown = page_data.get("show")
        shown = [s for s in shown if isinstance(s, str)] if isinstance(shown, list) else []
        page, key = page_data.get("page"), page_data.get("key")
        return cls(
            page=page if _text(page) else "",
            lang=normalize_lang(page_data.get("lang") if isinstance(page_data.get("lang"), str) else None),
            year=_year(year),
            subperiod=subperiod
            if isinstance(subperiod, str) and subperiod in SUBPERIODS and "period" in shown
            else "year",
            units=tuple(u for u in units if _text(u)) if isinstance(units, list) and "units" in shown else (),
            indicator=indicator if _text(indicator) and "indicator" in shown else None,
            key=key if _text(key) else None,
            present=page_data.get("present") is True,
        )


def _text(value: object) -> bool:
    """A non-empty string that can go into a URL (no lone surrogates, which UTF-8 cannot encode)."""
    return isinstance(value, str) and value != "" and value.encode("utf-8", "replace").decode() == value


def _year(value: object) -> int | None:
    """'2016' -> 2016; anything but four ASCII digits -> None."""
    return (
        int(value)
        if isinstance(value, str) and len(value) == 4 and value.isascii() and value.isdigit()
        else None
    )


def split_period(text: str) -> tuple[int, str] | None:
    """'2016' -> (2016, 'year'); '2016-03' -> (2016, 'M03'); '2016-T1' -> (2016, 'T1'); else None."""
    year, _, rest = (text or "").partition("-")
    if not (len(year) == 4 and year.isascii() and year.isdigit()):
        return None
    if not rest:
        return int(year), "year"
    sub = f"M{rest}" if rest.isdigit() else rest
    return (int(year), sub) if sub in SUBPERIODS else None


def resolve(page: str, query: dict[str, str], options: FilterOptions, key: str | None = None) -> PageState:
    """The state a URL asks for, where the data has it; anything else falls back to the default
    and is listed in `notices` so the page can say so."""
    notices: list[tuple[str, str]] = []
    lang = query.get("lang", "nb")
    if lang not in ("nb", "en"):
        notices.append(("lang", lang))
    state = PageState(page=page, lang=normalize_lang(lang), year=options.default_year)
    state = replace(state, indicator=options.default_indicator)

    if "period" in query:
        parsed = split_period(query["period"])
        if parsed and parsed[0] in options.years and parsed[1] in options.subperiods:
            state = replace(state, year=parsed[0], subperiod=parsed[1])
        else:
            notices.append(("period", query["period"]))
    if "units" in query:
        known = {u[0] for u in options.units}
        asked = [u for u in query["units"].split(",") if u]
        state = replace(state, units=tuple(u for u in asked if u in known))
        notices += [("units", u) for u in asked if u not in known]
    if "indicator" in query:
        if query["indicator"] in {i[0] for i in options.indicators}:
            state = replace(state, indicator=query["indicator"])
        else:
            notices.append(("indicator", query["indicator"]))
    if key is not None:
        if key in options.keys:
            state = replace(state, key=key)
        else:
            notices.append(("key", key))
    if "present" in query:
        state = replace(state, present=query["present"] == "1")
        if query["present"] not in ("0", "1"):
            notices.append(("present", query["present"]))
    notices += [("param", name) for name in query if name not in PARAMS]
    return replace(state, notices=tuple(notices))
