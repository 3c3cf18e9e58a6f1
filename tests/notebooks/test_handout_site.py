"""The handout site that bin/series writes (index.html, one handout per notebook, MathJax beside
them) opens offline in Chromium with its charts interactive and its math typeset."""
from __future__ import annotations

import pytest

import handouts
from lab import CHROMIUM_ARGS, require_playwright, shot

pytestmark = pytest.mark.notebook


def test_site_opens_offline_with_charts_and_math(notebook_outcome):
    executable = require_playwright()
    from playwright.sync_api import sync_playwright

    outcome = notebook_outcome("01")     # math in its text, four charts
    assert handouts.MATHJAX.exists(), "bin/setup vendors MathJax into build/vendor/mathjax"
    index = handouts.write_site(outcome.html.parent, [(outcome.html.name, outcome.status, "1.0", outcome.key_figure)])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)   # every host blocked
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(index.as_uri())
        page.get_by_role("link", name=outcome.html.stem).click()
        page.wait_for_selector('[data-chart-state="drawn"]', timeout=60_000)
        page.wait_for_selector("mjx-container", timeout=60_000)
        charts = page.locator(".resnet-kit-chart").count()
        drawn = page.locator('.resnet-kit-chart[data-chart-state="drawn"]:has(.main-svg)').count()
        math = page.locator("mjx-container").count()
        page.locator("mjx-container").first.scroll_into_view_if_needed()
        shot(page, "handout-site-math")
        page.locator('[data-chart-state="drawn"]').first.scroll_into_view_if_needed()
        shot(page, "handout-site-chart")
        # A viewer that runs no scripts: every chart is still there, as its picture.
        still = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900}).new_page()
        still.goto(outcome.html.as_uri())
        pictures = still.locator(".resnet-kit-chart img[src^='data:image/png;base64,']").count()
        still.locator(".resnet-kit-chart img").first.scroll_into_view_if_needed()
        shot(still, "handout-site-no-scripts")
        browser.close()
    assert pictures == charts, f"{pictures} pictures for {charts} charts without scripts"
    assert charts >= 2 and drawn == charts, f"{drawn} of {charts} charts drawn"
    assert math > 10, f"only {math} formulas typeset"
    assert not errors, errors
