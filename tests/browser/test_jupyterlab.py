"""What a learner sees in JupyterLab 4, checked in Chromium (Debian's, driven by Playwright):

(a) a committed notebook, opened untrusted as a fresh clone is, shows its charts;
(b) notebook 00 run from the UI draws its chart;
(c) notebook 06 in fast mode, stopped with the stop button during epoch 2, shows one short line
    (no source dump), and running the training cell again resumes at epoch 2.

Screenshots are kept in build/browser/ for a person to look at.
"""
from __future__ import annotations

import shutil
import time

import nbformat
import pytest

from lab import CHROMIUM_ARGS, ROOT, Lab, chromium, require_playwright, shot

pytestmark = pytest.mark.notebook
NOTEBOOKS = ROOT / "notebooks"
TRAINING_CELL_TAG = "training"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_playwright()
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    checkpoints = root / "checkpoints"
    server = Lab(root, env={"RESNET_MODE": "fast", "RESNET_CHECKPOINT_DIR": str(checkpoints),
                            "DJL_OFFLINE": "true", "OPT_OUT_TRACKING": "true"})
    server.checkpoints = checkpoints
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_notebook(browser, lab, name: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(lab.notebook_url(f"notebooks/{name}"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    return page


def wait_idle(page, timeout_s: float) -> None:
    """Until the kernel is idle and no cell waits to run ([*])."""
    deadline = time.monotonic() + timeout_s
    time.sleep(1)
    while time.monotonic() < deadline:
        busy = page.locator(".jp-InputArea-prompt", has_text="[*]").count()
        status = page.locator("#jp-main-statusbar").inner_text()
        if busy == 0 and "Idle" in status:
            return
        time.sleep(1)
    raise TimeoutError(f"still busy after {timeout_s} s")


def run_command(page, label: str, menu: str = "Run") -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=label).first.click()


def cell_index(name: str, tag: str) -> int:
    """The index of the cell with this tag (tests find cells by tag, not by their code)."""
    cells = nbformat.read(NOTEBOOKS / name, as_version=4).cells
    return next(i for i, c in enumerate(cells) if tag in c.get("metadata", {}).get("tags", []))


def select_cell(page, index: int):
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").click()
    return cell


def output_of(page, cell, screenshot: str) -> str:
    """The text of a cell's outputs, after a screenshot of them for build/browser/."""
    output = cell.locator(".jp-OutputArea")
    output.scroll_into_view_if_needed()
    shot(page, screenshot)
    return output.inner_text()


def test_a_committed_notebook_shows_its_charts_untrusted(browser, lab):
    name = "00-is-my-environment-ready.ipynb"
    page = open_notebook(browser, lab, name)
    chart = page.locator(".jp-RenderedPlotly").first
    chart.wait_for(timeout=30_000)
    chart.scroll_into_view_if_needed()
    picture = chart.locator("img.plot-img")
    assert picture.is_visible(), "the chart's picture shows at once, with no script run"
    assert picture.get_attribute("src").startswith("data:image/png;base64,")
    assert page.get_by_text("Chart: run this cell").count() == 0
    shot(page, "a-untrusted-picture")
    # The pointer enters the picture: plotly's extension replaces it by the interactive chart
    # (a plain hover() would retry, because the picture it hovers disappears).
    picture.dispatch_event("mouseenter")
    chart.locator(".main-svg").first.wait_for(timeout=30_000)
    shot(page, "a-untrusted-interactive")
    page.close()


def test_notebook_00_run_from_the_ui_draws_its_chart(browser, lab):
    page = open_notebook(browser, lab, "00-is-my-environment-ready.ipynb")
    run_command(page, "Restart Kernel and Run All Cells")
    dialog = page.locator(".jp-Dialog-button.jp-mod-accept")
    if dialog.count():
        dialog.first.click()
    wait_idle(page, 300)
    chart = page.locator(".jp-RenderedPlotly").first
    chart.scroll_into_view_if_needed()
    assert chart.locator("img.plot-img").get_attribute("src").startswith("data:image/png;base64,")
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.get_by_text("Evaluation interrupted").count() == 0
    shot(page, "b-00-run-from-the-ui")
    page.close()


def test_stop_during_epoch_2_reads_as_designed_and_the_cell_resumes(browser, lab):
    name = "06-training-a-resnet.ipynb"
    train = cell_index(name, TRAINING_CELL_TAG)
    page = open_notebook(browser, lab, name)
    select_cell(page, train)
    run_command(page, "Run All Above Selected Cell")
    wait_idle(page, 900)
    cell = select_cell(page, train)
    page.keyboard.press("Control+Enter")
    deadline = time.monotonic() + 900
    latest = None
    while time.monotonic() < deadline and latest is None:
        found = list(lab.checkpoints.glob("*/LATEST"))
        latest = found[0] if found else None
        time.sleep(0.5)
    assert latest is not None, "no checkpoint of epoch 1 within 15 minutes"
    time.sleep(3)                                       # inside epoch 2
    page.locator("jp-button[data-command='notebook:interrupt-kernel'], "
                 "button[data-command='notebook:interrupt-kernel']").first.click()
    wait_idle(page, 120)
    text = output_of(page, cell, "c-06-stopped")
    assert "Stopped. Kept: the checkpoint of epoch 1" in text, text
    assert "Run this cell again to continue at epoch 2" in text
    assert cell.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
    assert "for (int epoch" not in text, "no source dump"
    assert latest.read_text().strip() == "epoch-0001"

    cell = select_cell(page, train)
    page.keyboard.press("Control+Enter")
    wait_idle(page, 900)
    text = output_of(page, cell, "c-06-resumed")
    assert "epoch 2/2" in text, text
    assert "1 epoch(s) in this run" in text, text
    assert latest.read_text().strip() == "epoch-0002"
    page.close()
