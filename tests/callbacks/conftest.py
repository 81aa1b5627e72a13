"""Fixtures of the callback tests."""

from __future__ import annotations

import pytest

from tests import history
from tests.conftest import ROOT
from tests.synthetic import write_synthetic


@pytest.fixture(params=["drammen", "synthetic"])
def drammen_or_synthetic(request, tmp_path):
    """The shipped dataset, then a small synthetic one (3 municipalities, 12 indicators, three
    years with months), served for the length of the test; yields its path."""
    path = ROOT / "data" / "drammen"
    if request.param == "synthetic":
        path = write_synthetic(tmp_path, 3, 12, "2014-2016")
    with history.serving(path):
        yield path
