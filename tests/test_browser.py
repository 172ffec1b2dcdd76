"""The web front end in a real browser: Debian's headless Chromium driven by Playwright,
against a local server holding all three use cases. Screenshots go to tests/artifacts/.

Every page of the site is served with the site's Content-Security-Policy (frontend/csp.txt,
the header CloudFront sends), and a test fails on any violation it reports."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path(os.environ.get("VITRINE_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(__file__).parent / "artifacts" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="needs Debian's chromium: `make browser` installs it")

CSP_FILE = Path(__file__).parents[1] / "frontend" / "csp.txt"


def site_policy(api_origin: str) -> str:
    """frontend/csp.txt as CloudFront sends it. infra.stacks.frontend.content_security_policy
    reads it the same way (tests/infra/test_frontend_csp.py holds both to that); importing
    it here would start CDK's Node runtime for nothing."""
    lines = (line.strip() for line in CSP_FILE.read_text().splitlines())
    directives = [line for line in lines if line and not line.startswith("#")]
    return "; ".join(directives).replace("{api_origin}", api_origin)


# Runs in every page before its own scripts; the binding is Playwright's, outside the CSP.
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolation(`${e.violatedDirective} refused ${e.blockedURI || "inline code"}`
    + ` in ${e.sourceFile || e.documentURI}:${e.lineNumber}`));"""


def enforce_site_policy(context, world) -> list[str]:
    """Serves the site's pages with its CSP, as CloudFront does, and returns the list every
    violation is added to. Pages the API itself serves (a model card, /docs) come from API
    Gateway in production, not CloudFront: they keep their own headers."""
    base, web = world["base"], world["web"]
    policy = site_policy(base)  # locally the API is the page's own origin (config.js: "")

    def site_page(url: str) -> bool:
        if not url.startswith(base + "/"):
            return False
        path = unquote(urlsplit(url).path)
        path = path + "index.html" if path.endswith("/") else path
        return path.endswith(".html") and (web / path.lstrip("/")).is_file()

    def serve(route) -> None:
        if route.request.resource_type != "document":
            route.fallback()
            return
        response = route.fetch()
        route.fulfill(response=response,
                      headers={**response.headers, "content-security-policy": policy})

    violations: list[str] = []
    context.route(site_page, serve)
    context.expose_binding("__cspViolation", lambda _source, text: violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    # Chromium also logs each refusal; a refusal in a frame or worker shows only there.
    context.on("console", lambda m: violations.append(m.text)
               if m.type == "error" and "Content Security Policy" in m.text else None)
    return violations


@pytest.fixture(scope="module")
def world(published_registry, tmp_path_factory):
    """A registry with every use case's models (tiny), a built site, keys, a server."""
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from tests.conftest import build_all_usecases
    from vitrine import simulate, site

    root = tmp_path_factory.mktemp("browser")
    built = build_all_usecases(published_registry, root)
    registry, tep, test_spec = built["registry"], built["tep"], built["tep_test_spec"]
    secom, listings = built["secom"], built["listings"]

    web = Path(shutil.copytree(Path(__file__).parents[1] / "frontend", root / "site",
                               ignore=shutil.ignore_patterns("vendor", "scenarios", "samples")))
    from training.docs.samples import procedures
    from training.rakuten.samples import categories
    from training.secom.samples import write as secom_samples
    from training.sensors.samples import sensor_wells
    from training.tep.samples import scenarios

    site.vendor(web)
    site.pages(web)
    scenarios(tep["test"], web, onset_sample=test_spec.onset_sample, faults=(0, 1))
    secom_samples(web)
    categories(web)
    sensor_wells(built["wells"], web, days=40)
    procedures(built["docs"], web)

    settings = Settings(registry_dir=registry, sqlite_path=root / "v.db", static_dir=web,
                        usecases=["sepsis", "tep", "secom", "rakuten", "sensors", "docs"],
                        runs_dir=root / "runs",
                        retrain_dir=root / "retrains", retrain_sources={"secom": secom},
                        monitor_interval_s=0)
    store = SQLiteStore(settings.sqlite_path)
    keys = {role: create_key(store, role, f"web-{role}")[0]
            for role in ("predictor", "reviewer", "admin")}
    base, stop = simulate.local_server(settings)
    yield {"base": base, "keys": keys, "listings": listings, "registry": registry, "web": web}
    stop()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, world, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations = enforce_site_policy(context, world)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


def test_pages_carry_the_site_policy_and_a_violation_is_caught(browser, world):
    """The guard every test relies on: the page gets the header, and inline code, an inline
    handler and a style attribute are refused and reported."""
    probe = world["web"] / "csp-probe.html"
    probe.write_text('<!doctype html><html><head><script>window.inlineRan = true;</script>'
                     '</head><body><p style="color: red">x</p>'
                     '<button onclick="window.clicked = true">b</button></body></html>')
    context = browser.new_context()
    violations = enforce_site_policy(context, world)
    try:
        pg = context.new_page()
        response = pg.goto(world["base"] + "/index.html")
        assert response.headers["content-security-policy"] == site_policy(world["base"])
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        pg.goto(world["base"] + "/csp-probe.html")
        pg.click("button")
        assert pg.evaluate("[window.inlineRan, window.clicked]") == [None, None]
        refused = ("script-src-elem", "script-src-attr", "style-src-attr")
        for _ in range(50):  # the events reach Python asynchronously
            if all(any(r in v for v in violations) for r in refused):
                break
            pg.wait_for_timeout(100)
        assert all(any(r in v for v in violations) for r in refused), violations
    finally:
        context.close()
        probe.unlink()


def enter_key(page, key: str) -> None:
    page.fill("#api-key", key)
    page.click("#key-form button[type=submit]")
    page.wait_for_selector("#api-key-state:has-text('Key saved')")


def test_catalog_lists_each_usecase_with_its_model_and_health(page, world):
    page.goto(world["base"] + "/")
    page.wait_for_selector("#catalog[aria-busy=false]")
    assert page.inner_text("#health") == "OK"
    served = {uc["name"]: uc for uc in page.request.get(world["base"] + "/usecases").json()}
    for name in ("sepsis", "tep", "secom"):
        card = page.locator(f"article[data-usecase={name}]")
        assert card.locator(".version").inner_text() == served[name]["production_version"]
        assert "model loaded" in card.inner_text()
    assert 0.5 < float(page.locator("article[data-usecase=sepsis] .metric-auroc").inner_text()) <= 1
    # Each card links its model card, which names the version the catalog shows.
    page.click("article[data-usecase=sepsis] a.model-card")
    page.wait_for_selector("h1:has-text('Model card: Sepsis risk')")
    assert served["sepsis"]["production_version"] in page.inner_text("main")


def test_the_key_is_entered_once_per_tab(page, world):
    page.goto(world["base"] + "/sepsis.html")
    enter_key(page, world["keys"]["predictor"])
    page.click("nav >> text=SECOM")
    page.wait_for_selector("#api-key-state:has-text('Key saved')")
    stored = page.evaluate("sessionStorage.getItem('vitrine.apiKey')")
    assert stored == world["keys"]["predictor"]
    assert page.input_value("#api-key") == ""  # never shown again


def test_sepsis_form_predicts_and_shows_the_probability(page, world):
    page.goto(world["base"] + "/sepsis.html")
    enter_key(page, world["keys"]["predictor"])
    page.wait_for_selector("#patient[aria-busy=false]")
    assert "mmHg, 30 to 300" in page.inner_text("#vitals-SBP-hint")  # the API's own range
    page.click("#example")
    page.click("#submit")
    page.wait_for_selector("#probability")
    assert page.inner_text("#probability").endswith("%")
    assert page.inner_text("#prediction") in ("High risk of sepsis within 6 hours", "No alert")
    # The probability and the alert threshold never read the same when the decision differs.
    shown = page.evaluate("async () => (await import('/js/ui.js')).pctAgainst(0.0061, 0.0064)")
    assert shown == ["0.61 %", "0.64 %"]
    text = page.inner_text("#result")
    p, t = (float(v) for v in re.findall(r"([\d.]+) %", text)[:2])
    assert (p >= t) == (page.inner_text("#prediction") != "No alert")


def test_sepsis_422_errors_appear_next_to_their_fields(page, world):
    page.goto(world["base"] + "/sepsis.html")
    enter_key(page, world["keys"]["predictor"])
    page.wait_for_selector("#patient[aria-busy=false]")
    page.click("#example")
    page.fill("#vitals-DBP", "120")  # above SBP 98: a cross-field rule of the API
    page.fill("#vitals-O2Sat", "101")  # out of range
    page.fill("#vitals-Resp", "")  # required
    page.click("#submit")
    page.wait_for_selector("#vitals-DBP-error:not([hidden])")
    assert "must be below SBP" in page.inner_text("#vitals-DBP-error")
    assert "outside the plausible range [20, 100] %" in page.inner_text("#vitals-O2Sat-error")
    assert "required" in page.inner_text("#vitals-Resp-error")
    assert page.get_attribute("#vitals-DBP", "aria-invalid") == "true"
    assert "refused the input" in page.inner_text("#message")


def test_401_and_unreachable_messages(page, world):
    page.goto(world["base"] + "/sepsis.html")
    page.wait_for_selector("#patient[aria-busy=false]")
    page.click("#example")
    page.click("#submit")  # no key
    page.wait_for_selector("#message:not([hidden])")
    assert "API key is missing, unknown or revoked" in page.inner_text("#message")
    page.route("**/predict/patient", lambda route: route.abort())
    enter_key(page, world["keys"]["predictor"])
    page.click("#submit")
    page.wait_for_selector("#message:has-text('cannot be reached')")


def test_5xx_message(page, world):
    page.goto(world["base"] + "/sepsis.html")
    enter_key(page, world["keys"]["predictor"])
    page.wait_for_selector("#patient[aria-busy=false]")
    page.route("**/predict/patient", lambda route: route.fulfill(
        status=500, content_type="application/json", body=json.dumps({"detail": "boom"})))
    page.click("#example")
    page.click("#submit")
    page.wait_for_selector("#message:has-text('The API failed (HTTP 500): boom')")


def test_tep_scenario_timeline_with_both_models(page, world):
    page.goto(world["base"] + "/tep.html")
    enter_key(page, world["keys"]["predictor"])
    page.wait_for_selector("#run-form[aria-busy=false]")
    page.select_option("#scenario", "1")  # fault 1 from its onset
    assert page.input_value("#true-fault") == "1" and page.input_value("#onset") == "31"
    page.click("#submit")
    page.wait_for_selector("#tep-summary")
    rows = page.locator("#tep-summary tbody tr")
    assert rows.count() == 2
    assert page.locator("tr[data-model=ml]").inner_text().startswith("ML baseline")
    assert page.evaluate("() => Chart.getChart('chart-ml').data.datasets.length") == 2
    assert page.evaluate("() => Chart.getChart('chart-dl').data.datasets[1].label") == \
        "true fault"


def test_tep_upload_refused_names_the_problem(page, world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("xmeas_1,xmeas_2\n1,2\n")
    page.goto(world["base"] + "/tep.html")
    enter_key(page, world["keys"]["predictor"])
    page.set_input_files("#file", str(bad))
    page.click("#submit")
    page.wait_for_selector("#file-error:not([hidden])")
    assert "missing columns" in page.inner_text("#file-error")


def test_secom_batch_table_and_csv_download(page, world):
    page.goto(world["base"] + "/secom.html")
    enter_key(page, world["keys"]["predictor"])
    page.click("#sample")
    page.click("#submit")
    page.wait_for_selector("#batch-table")
    assert page.locator("#batch-table tbody tr").count() == 242
    assert page.inner_text("#batch-summary").startswith("242 lots scored")
    with page.expect_download() as download:
        page.click("#download")
    text = Path(download.value.path()).read_text().splitlines()
    assert text[0] == "row,prediction,probability" and len(text) == 243


def test_monitoring_page_and_admin_only_retraining(page, world):
    from training.secom.samples import REAL_SECOM

    batch = page.request.post(world["base"] + "/secom/predict/batch",  # logs 8 of its lots
                              headers={"X-API-Key": world["keys"]["predictor"]},
                              data={"csv": REAL_SECOM.read_text()})
    assert batch.ok, batch.text()
    page.goto(world["base"] + "/monitoring.html?usecase=secom")
    enter_key(page, world["keys"]["predictor"])
    page.click("#refresh")  # monitoring is for reviewers: a predictor is told why not
    page.wait_for_selector("#message:has-text('role cannot do this')")
    enter_key(page, world["keys"]["reviewer"])
    page.click("#refresh")
    page.wait_for_selector("#drift-verdict")
    assert "too few rows" in page.inner_text("#drift-verdict")  # a few sampled lots, < 200
    assert page.locator("#drift-table tbody tr").count() == 100  # the 100 highest PSI
    page.click("#retrain")
    page.wait_for_selector("#message:has-text('role cannot do this')")  # 403 for a reviewer
    enter_key(page, world["keys"]["admin"])
    page.click("#retrain")
    page.wait_for_selector("#message:has-text('Retraining run')")
    page.wait_for_selector("#retrain-table")


def test_monitoring_page_shows_a_rollout_and_an_admin_aborts_it(page, world):
    from functions.registry import LocalBlobStore
    from model_export.registry import RegistryWriter

    writer = RegistryWriter(LocalBlobStore(world["registry"] / "models"))
    production = writer.production_version("sepsis")
    candidate = next(v for v in writer.versions("sepsis") if v != production)
    writer.start_rollout("sepsis", candidate, "shadow", reason="browser test")
    try:
        page.goto(world["base"] + "/monitoring.html?usecase=sepsis")
        enter_key(page, world["keys"]["reviewer"])
        page.click("#refresh")
        page.wait_for_selector("#rollout-state:has-text('Candidate')")
        state = page.inner_text("#rollout-state")
        assert candidate in state and production in state and "shadow" in state
        assert "wait" in state  # too few candidate requests for a decision
        assert page.locator("#rollout-table tbody tr").count() >= 6
        page.click("#rollout-abort")
        page.wait_for_selector("#message:has-text('role cannot do this')")  # reviewer: 403
        enter_key(page, world["keys"]["admin"])
        page.click("#rollout-abort")
        page.wait_for_selector("#message:has-text('no candidate')")
        page.wait_for_selector("#rollout-state:has-text('answers alone')")
        assert "aborted" in page.inner_text("#rollouts-table")
    finally:
        if (writer.alias("sepsis") or {}).get("candidate"):
            writer.abort_rollout("sepsis")
    assert writer.alias("sepsis")["version"] == production


def test_phone_width_keeps_the_form_usable(browser, world):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    violations = enforce_site_policy(context, world)
    pg = context.new_page()
    pg.goto(world["base"] + "/sepsis.html")
    pg.wait_for_selector("#patient[aria-busy=false]")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing forces horizontal scrolling
    # Keyboard: the skip link comes first, then the navigation.
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.className") == "skip"
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "sepsis-phone.png"), full_page=True)
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def test_every_input_has_a_label(page, world):
    for path in ("/sepsis.html", "/tep.html", "/secom.html", "/monitoring.html", "/"):
        page.goto(world["base"] + path)
        page.wait_for_load_state("networkidle")
        unlabeled = page.evaluate("""() => [...document.querySelectorAll('input, select')]
            .filter(i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label'))
            .map(i => i.id || i.name)""")
        assert unlabeled == [], f"{path}: {unlabeled}"


CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) bad.push(`${el.tagName.toLowerCase()}.${el.className}: ${ratio.toFixed(2)}`);
  }
  return bad;
}"""


def test_text_contrast_meets_wcag_aa(page, world):
    """Every visible text on every page (results included) is at least 4.5:1 against the
    background it sits on (WCAG 2.1 AA for normal text)."""
    page.goto(world["base"] + "/")
    enter_key(page, world["keys"]["predictor"])
    for path, ready in (("/", "#catalog[aria-busy=false]"),
                        ("/sepsis.html", "#patient[aria-busy=false]"),
                        ("/tep.html", "#run-form[aria-busy=false]"),
                        ("/secom.html", "#submit"),
                        ("/rakuten.html", "#submit"),
                        ("/sensors.html", "#series-form[aria-busy=false]"),
                        ("/assistant.html", "#procedures li"),
                        ("/monitoring.html", "#usecase option")):
        page.goto(world["base"] + path)
        page.wait_for_selector(ready, state="attached")
        assert page.evaluate(CONTRAST) == [], path
    page.goto(world["base"] + "/sepsis.html")
    page.wait_for_selector("#patient[aria-busy=false]")
    page.click("#example")
    page.fill("#vitals-O2Sat", "101")  # an error message and the banner both get checked
    page.click("#submit")
    page.wait_for_selector("#vitals-O2Sat-error:not([hidden])")
    assert page.evaluate(CONTRAST) == []
    page.fill("#vitals-O2Sat", "97")
    page.click("#submit")
    page.wait_for_selector("#probability")
    assert page.evaluate(CONTRAST) == []


def test_the_sepsis_form_works_from_the_keyboard(page, world):
    """No mouse: tab into the form, submit with Enter, and the focused control shows it."""
    page.goto(world["base"] + "/sepsis.html")
    enter_key(page, world["keys"]["predictor"])
    page.wait_for_selector("#patient[aria-busy=false]")
    page.click("#example")
    page.focus("#vitals-HR")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # a visible focus ring
    page.keyboard.press("Enter")  # implicit submission, as for any HTML form
    page.wait_for_selector("#probability")
    assert page.inner_text("#probability").endswith("%")


def test_rakuten_classifies_a_listing_with_a_photo_and_takes_a_correction(page, world):
    row = world["listings"].iloc[0]
    # The category list is held back until the photo shows: a photo chosen while the page
    # still fetches must not be lost (CI once chose it before the listener was on).
    held = []
    page.route("**/samples/rakuten-categories.json", lambda route: held.append(route))
    page.goto(world["base"] + "/rakuten.html")
    enter_key(page, world["keys"]["reviewer"])
    page.fill("#designation", row["designation"])
    page.fill("#description", row["description"] or "")
    page.set_input_files("#image", row["image_path"])
    page.wait_for_selector("#preview:not([hidden])")
    assert held, "the page fetched its category list"
    for route in held:
        route.continue_()
    page.click("#submit")
    page.wait_for_selector("#category")
    assert "from the text and the photo" in page.inner_text("#confidence")
    assert page.locator("#top5 li").count() == 5
    answer = page.inner_text("#category")
    assert re.search(r"\((\d+)\)$", answer)
    # The right code is another one: a reviewer's correction is recorded.
    page.wait_for_selector("#feedback:not([hidden])")
    page.select_option("#right-code", index=3)
    chosen = page.eval_on_selector("#right-code", "s => s.value")
    page.click("#send-feedback")
    page.wait_for_selector(f"#feedback-status:has-text('Recorded: {chosen}')")


def test_rakuten_takes_a_dropped_photo_alone_and_names_what_is_missing(page, world):
    import base64

    page.goto(world["base"] + "/rakuten.html")
    enter_key(page, world["keys"]["predictor"])
    page.click("#submit")  # no title, no photo
    page.wait_for_selector("#designation-error:not([hidden])")
    assert "title (or an image) is needed" in page.inner_text("#designation-error")
    data = base64.b64encode(Path(world["listings"].iloc[1]["image_path"]).read_bytes()).decode()
    page.evaluate("""(b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "photo.jpg", { type: "image/jpeg" }));
      const drop = new DragEvent("drop", { dataTransfer: dt, bubbles: true });
      document.getElementById("drop").dispatchEvent(drop);
    }""", data)
    page.wait_for_selector("#preview:not([hidden])")
    page.click("#submit")
    page.wait_for_selector("#category")
    assert "from the photo" in page.inner_text("#confidence")
    # A predictor may classify but not correct: the page says why.
    page.click("#send-feedback")
    page.wait_for_selector("#message:has-text('role cannot do this')")


def test_sensors_forecasts_a_well_draws_its_band_and_lists_its_alarms(page, world):
    page.goto(world["base"] + "/sensors.html")
    enter_key(page, world["keys"]["predictor"])
    page.click("#submit")  # nothing chosen: the page says what is missing
    page.wait_for_selector("#file-error:not([hidden])")
    page.select_option("#well", "0")
    page.fill("#horizon", "12")
    page.click("#submit")
    page.wait_for_selector("#forecast-summary")
    text = page.inner_text("#result")
    assert "12 hours forecast" in text and "bar (" in text
    assert "alarm" in text
    charts = page.evaluate("""() => ["pressure", "temperature"].map((k) => {
      const c = Chart.getChart(document.getElementById(`chart-${k}`));
      return c.data.datasets.map((d) => d.data.filter((v) => v !== null).length);
    })""")
    for measured, forecast, upper, lower, _ in charts:
        assert measured > 40 * 24 * 0.7 and forecast == upper == lower == 12
    page.fill("#horizon", "60")
    page.click("#submit")
    page.wait_for_selector("#horizon-error:not([hidden])")
    assert "48" in page.inner_text("#horizon-error")


def test_the_assistant_cites_its_passages_and_says_when_the_procedures_do_not_answer(
        page, world):
    page.goto(world["base"] + "/assistant.html")
    enter_key(page, world["keys"]["reviewer"])
    page.click("#ask")  # no question: the field says so
    page.wait_for_selector("#question-error:not([hidden])")
    page.fill("#question", "Quels équipements de protection pour intervenir en zone H2S ?")
    page.click("#ask")
    page.wait_for_selector("#answer")
    first = page.locator("#citations li").first
    assert first.locator("summary").inner_text().startswith("PR-05")
    link = first.locator("a").get_attribute("href")
    assert link.startswith("procedures/PR-05.html#")
    page.click("button:text-is('Useful')")
    page.wait_for_selector("text=your rating is recorded")
    page.goto(world["base"] + "/" + link)  # the citation opens the procedure at its section
    anchor = link.split("#", 1)[1]
    assert page.evaluate(f"() => !!document.getElementById(decodeURIComponent('{anchor}'))")
    page.goto(world["base"] + "/assistant.html")
    page.fill("#question", "Quel est le menu de la cantine mardi ?")
    page.click("#ask")
    page.wait_for_selector("#abstained")
    assert "not in the documentation" in page.inner_text("#abstained")


def test_a_declared_use_cases_generated_page_in_the_navigation(browser, tmp_path):
    """A table declared with `vitrine new`, trained and published, served by `vitrine serve`
    from a folder of its own: the navigation lists it, its page is built from its schema,
    answers with the value, its interval and what moved it, and takes feedback."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.test_declared import _diabetes_table

    repo = Path(__file__).parents[1]
    shutil.copytree(repo / "frontend", tmp_path / "frontend",
                    ignore=shutil.ignore_patterns("vendor", "scenarios", "samples",
                                                  "procedures", "pages.json"))
    (tmp_path / "node_modules").symlink_to(repo / "node_modules")
    _diabetes_table(tmp_path / "diabetes.csv")
    env = {**os.environ, "VITRINE_USECASE_PATH": str(tmp_path / "usecases"),
           "VITRINE_TRACKING_URI": "off", "PYTHONPATH": str(repo),
           "VITRINE_USECASES": '["progress"]', "VITRINE_MONITOR_INTERVAL_S": "0"}

    def vitrine(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "vitrine.cli", *args], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    vitrine("new", "progress", "--csv", "diabetes.csv", "--target", "progression", "--id",
            "patient")
    vitrine("train", "progress", "--quick")
    vitrine("export", "progress", "--promote")
    vitrine("site", "--no-samples")
    key = next(w for w in vitrine("keys", "create", "--role", "admin").split()
               if w.startswith("vk_"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "vitrine.cli", "serve", "--port",
                               str(port)], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        context = browser.new_context()
        violations = enforce_site_policy(context, {"base": base, "web": tmp_path / "frontend"})
        page = context.new_page()
        page.goto(base + "/")
        page.wait_for_selector("nav a[href='table.html?usecase=progress']")
        page.click("nav a[href='table.html?usecase=progress']")
        enter_key(page, key)
        page.wait_for_selector("#fields select")  # sexe, traitement: their own widgets
        page.fill("input[name=age]", "50")
        page.select_option("select[name=sexe]", "femme")
        page.click("#submit")
        page.wait_for_selector("#result h2:has-text('What moved it most')")
        text = page.inner_text("#result")
        assert "Prediction:" in text and "Interval:" in text and "progression" in text
        page.fill("#truth", "120")
        page.click(".feedback button[type=submit]")
        page.wait_for_selector(".feedback [role=status]:has-text('recorded')")
        page.fill("input[name=age]", "500")  # impossible: declared as such? plausible only
        context.close()
        assert not violations, f"Content-Security-Policy violations: {violations}"
    finally:
        server.terminate()
        server.wait(20)
