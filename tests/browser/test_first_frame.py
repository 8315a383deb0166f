"""The very first start of an empty database, as a newcomer's browser draws it, frame by frame.

Streamlit runs a server's first script run as a legacy multipage app, because there is a pages/
folder: it lists every file of pages/ in the sidebar ("app", "campaigns", "data", ...) until
app.py's st.navigation replaces the list. The demo world takes seconds to build, so that raw list
stood beside an empty main area for all that time. A MutationObserver installed before the page
loads sees every state the page's DOM goes through, however brief.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import (
    DEMO_PASSWORD,
    PHONE,
    ROOT,
    new_page,
    shoot,
    sign_in,
    wait_for_app,
)

RAW_NAMES = sorted({"app"} | {p.stem for p in (ROOT / "pages").glob("*.py")})
TITLE = {"zh": "首次启动：正在生成演示数据", "en": "First start: building the demo world"}
WAITING = {"zh": "请稍候", "en": "One moment"}  # firststart.wait
STAGE_WORDS_EN = ("ballots", "organisation", "answers", "rewriting", "KPI", "done")

# Records, at every change of the page's DOM, however brief: the sidebar menu's labels (icons left
# out), whether the main area shows anything, the first-start title, and the progress bar's texts.
WATCH = """
(() => {
  const raw = new Set(%s);
  const title = %r;
  const seen = window.__qj = {raw: [], labels: [], first: null, title: false, bars: []};
  const check = () => {
    const labels = [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')].map(a => {
      const c = a.cloneNode(true);
      c.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stIconEmoji"]')
        .forEach(i => i.remove());
      return c.textContent.trim();
    });
    const main = document.querySelector('[data-testid="stMain"]');
    const text = main ? main.innerText.trim() : '';
    const hasTitle = text.includes(title);
    const bar = document.querySelector('[data-testid="stMain"] [data-testid="stProgress"]');
    if (!seen.first && (labels.length || text)) {
      seen.first = {labels, text: text.slice(0, 200), title: hasTitle, bar: !!bar};
    }
    for (const l of labels) {
      if (raw.has(l) && !seen.raw.includes(l)) seen.raw.push(l);
      if (!seen.labels.includes(l)) seen.labels.push(l);
    }
    seen.title = seen.title || hasTitle;
    const barText = bar ? bar.innerText.trim() : '';
    if (barText && !seen.bars.includes(barText)) seen.bars.push(barText);
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
                                                 characterData: true, attributes: true});
})();
"""


def _watch(page, lang: str) -> None:
    page.add_init_script(WATCH % (RAW_NAMES, TITLE[lang]))


def _assert_no_raw_list_and_progress_first(page, lang: str) -> dict:
    seen = page.evaluate("window.__qj")
    assert seen["raw"] == [], f"the raw page list was drawn ({lang}): {seen['raw']}"
    # The title is there from the first frame; the bar's code is a separate file the browser
    # fetches on first use, so the bar itself may follow a moment later (it is checked below).
    assert seen["first"]["title"], f"first frame without the progress ({lang}): {seen['first']}"
    return seen


def test_first_start_shows_progress_from_the_first_frame_and_never_the_raw_page_list(
    server_factory, browser
):
    server = server_factory(QUANJING_DEMO_SIZE="default")  # an empty database: a few seconds
    page = new_page(browser)
    _watch(page, "zh")
    page.goto(server.url)
    page.wait_for_function("window.__qj && window.__qj.title", timeout=90_000)
    _assert_no_raw_list_and_progress_first(page, "zh")

    # A second browser, in English, opened while the world is being built: it waits for the
    # same build and says so, in its own language (before: a blank page and the raw list).
    other = new_page(browser, PHONE, locale="en-US")
    _watch(other, "en")
    other.goto(server.url)
    other.wait_for_function("window.__qj && window.__qj.title", timeout=60_000)
    expect(other.get_by_text(WAITING["en"], exact=False).first).to_be_visible()
    shoot(other, "first-frame-waiting-phone-en")

    for tab in (page, other):  # both end on the home page, with the visitor's menu
        wait_for_app(tab)
        expect(tab.locator('[data-testid="stSidebarNavLink"]').first).to_be_attached()
    expect(page.get_by_text("演示数据").first).to_be_visible()

    for tab, lang in ((page, "zh"), (other, "en")):
        seen = _assert_no_raw_list_and_progress_first(tab, lang)
        assert seen["bars"], f"no progress text ({lang})"
        if lang == "zh":  # the stages in the browser's language, not the generator's English
            english = [b for b in seen["bars"] if any(w in b for w in STAGE_WORDS_EN)]
            assert not english, f"English progress in a Chinese browser: {english}"
    assert "登录" in page.evaluate("window.__qj")["labels"]
    other.context.close()

    # The menu is still Streamlit's sidebar menu for a signed-in account.
    sign_in(page, server.url, "demo-admin", DEMO_PASSWORD)
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    expect(nav.filter(has_text="审计日志")).to_have_count(1)
    expect(nav.filter(has_text="数据管理")).to_have_count(1)
    assert page.evaluate("window.__qj")["raw"] == []
    page.context.close()
