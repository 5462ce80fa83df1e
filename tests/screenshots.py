"""Screenshots for the README, taken by the browser suite: docs/screenshots/<name>.png."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def save_screenshot(browser, name, *, width=1000, height=1300):
    """The page as a reader sees it in a window of this size, where it stands now."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(width, height)
    browser.save_screenshot(str(FOLDER / f"{name}.png"))
