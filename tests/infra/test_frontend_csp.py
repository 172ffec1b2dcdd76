"""The site's Content-Security-Policy and the other security headers, as CloudFront sends
them: one policy file (frontend/csp.txt) that the stack turns into the distribution's
response headers, that the browser tests serve the pages with, and that the pages obey."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "frontend"
CSP_FILE = SITE / "csp.txt"
UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'",
          "'strict-dynamic'", "*", "http:", "https:", "data:", "blob:"}


def directives() -> dict[str, list[str]]:
    """csp.txt read on its own: a directive a line, # comment lines."""
    found = {}
    for line in CSP_FILE.read_text().splitlines():
        if line.strip() and not line.strip().startswith("#"):
            name, *sources = line.split()
            assert name not in found, f"{name} twice"
            found[name] = sources
    return found


def render(value, exports: dict) -> str:
    """A CloudFormation string as text: Fn::Join flattened, a reference as <Logical.Id>,
    an import replaced by what the other stack exports."""
    if isinstance(value, str):
        return value
    [(fn, arg)] = value.items()
    if fn == "Fn::Join":
        sep, parts = arg
        return sep.join(render(p, exports) for p in parts)
    if fn == "Fn::ImportValue":
        return render(exports[arg], exports)
    if fn == "Ref":
        return f"<{arg}>"
    raise AssertionError(f"unexpected {fn} in {value}")


@pytest.fixture(scope="module")
def exports(templates) -> dict:
    return {out["Export"]["Name"]: out["Value"] for t in templates.values()
            for out in t.to_json().get("Outputs", {}).values() if "Export" in out}


def default_behaviour_headers(templates) -> dict:
    """The security headers of the policy on the distribution's default behaviour."""
    frontend = templates["frontend"]
    [distribution] = frontend.find_resources("AWS::CloudFront::Distribution").values()
    behaviour = distribution["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
    policies = frontend.find_resources("AWS::CloudFront::ResponseHeadersPolicy")
    # This stack's own policy (a managed one is a literal id and carries no CSP).
    ref = behaviour["ResponseHeadersPolicyId"]
    assert set(ref) == {"Ref"} and ref["Ref"] in policies, ref
    return policies[ref["Ref"]]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"]


def test_the_default_behaviour_sends_the_sites_policy_with_the_apis_origin(templates, exports):
    csp = default_behaviour_headers(templates)["ContentSecurityPolicy"]
    assert csp["Override"] is True
    sent = render(csp["ContentSecurityPolicy"], exports)
    # The API URL the stack writes into config.js is the API stack's ApiUrl.
    api_url = render(templates["api"].to_json()["Outputs"]["ApiUrl"]["Value"], exports)
    api_origin = api_url.removesuffix("/")
    assert re.fullmatch(r"https://<\w+>\.execute-api\.<AWS::Region>\.<AWS::URLSuffix>",
                        api_origin), api_origin
    expected = "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives().items())
    assert sent == expected.replace("{api_origin}", api_origin)
    sent_directives = dict(d.split(" ", 1) for d in sent.split("; "))
    assert sent_directives["connect-src"].split() == ["'self'", api_origin]


def test_the_stack_reads_the_policy_file_as_the_browser_tests_do():
    from infra.stacks.frontend import CSP_FILE as stack_file
    from infra.stacks.frontend import content_security_policy, url_origin

    assert stack_file == CSP_FILE
    origin = url_origin("https://abc123.execute-api.eu-west-3.amazonaws.com/")
    assert origin == "https://abc123.execute-api.eu-west-3.amazonaws.com"
    assert url_origin("https://api.example.org/prod/v1") == "https://api.example.org"
    with pytest.raises(ValueError):
        url_origin("")
    policy = content_security_policy(origin)
    assert "#" not in policy and "{" not in policy
    assert policy.split("; ") == [f"{n} {' '.join(s)}".replace("{api_origin}", origin)
                                  for n, s in directives().items()]


def test_the_policy_allows_no_inline_code_no_eval_and_no_other_origin():
    policy = directives()
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]  # Chart.js is vendored: no CDN
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'", "{api_origin}"]
    assert policy["img-src"] == ["'self'", "data:"]  # the Rakuten photo's preview
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for name, sources in policy.items():
        if name != "img-src":
            assert not UNSAFE & set(sources), (name, sources)
    assert not (UNSAFE - {"data:"}) & set(policy["img-src"])


def test_the_other_security_headers(templates):
    security_headers = default_behaviour_headers(templates)
    hsts = security_headers["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] >= 365 * 24 * 3600
    assert hsts["IncludeSubdomains"] is True and hsts["Override"] is True
    assert security_headers["ContentTypeOptions"] == {"Override": True}  # nosniff
    assert security_headers["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert security_headers["ReferrerPolicy"] == {
        "ReferrerPolicy": "strict-origin-when-cross-origin", "Override": True}


class Refused(HTMLParser):
    """What the policy would refuse in a page: inline scripts and styles, handlers,
    style attributes, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._inline_script = tag == "script" and "src" not in attrs
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.found.append("inline <script>")

    def handle_endtag(self, tag):
        self._inline_script = False


@pytest.mark.parametrize("page", sorted(p.name for p in SITE.glob("*.html")))
def test_no_page_holds_what_the_policy_refuses(page):
    parser = Refused()
    parser.feed((SITE / page).read_text())
    assert parser.found == []


def test_the_checks_of_a_page_see_what_the_policy_refuses():
    parser = Refused()
    parser.feed('<script>x()</script><p style="a" onclick="b()"><style>p{}</style>'
                '<a href="javascript:void(0)">')
    assert len(parser.found) == 5, parser.found


def test_no_module_evaluates_strings_or_writes_markup():
    bad = re.compile(r"\beval\(|new Function\(|set(Timeout|Interval)\(\s*[\"'`]|innerHTML|"
                     r"outerHTML|insertAdjacentHTML|document\.write|setAttribute\(\s*[\"']style|"
                     r"\bstyle:\s*[\"'`]")  # ui.el's style takes an object, set through the CSSOM
    for module in sorted((SITE / "js").glob("*.js")) + [SITE / "config.js"]:
        for n, line in enumerate(module.read_text().splitlines(), 1):
            assert not bad.search(line), f"{module.name}:{n}: {line.strip()}"
