"""Every browser test's page counts its Dash callback requests, so helpers.settle can wait for them."""

from __future__ import annotations

import pytest

from tests.browser.helpers import CallbackWatch


@pytest.fixture(autouse=True)
def _watch_callbacks(page):
    page.dash_callbacks = CallbackWatch(page)
    return page.dash_callbacks
