"""Fault campaign, hostile inputs: send the campaign's hostile inputs to a running server and
count the answers; every one must be below 500, and JSON under /api/. Also the login lockout
behind a (simulated) proxy, and the command line's answers to hostile files.

    .venv/bin/python benchmarks/hostile_inputs.py URL MANAGER_TOKEN COMPANY_TOKEN PASSWORD

The server runs with RELANCE_PROXY_COUNT=1 (scripts/fault_campaign.sh starts one): each call
says which client it is through X-Forwarded-For. The company is the example file's Forges du
Rhône (SIREN 552100554); PASSWORD is that of the users `campagne-finances` and `campagne-victime`.
Only loopback addresses are contacted; every call has a 60 s timeout.
"""

import json
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from stdnum import luhn

SIREN = "552100554"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
ROOT = Path(__file__).resolve().parents[1]


def siret(siren: str) -> str:
    body = siren + "0001"
    return body + luhn.calc_check_digit(body)


def request_body(**overrides) -> dict:
    action = {
        "title": "Usinage 5 axes",
        "provider_siret": siret(SIREN),
        "provider_declaration_number": "11755555575",
        "hours": "140",
        "start": "2021-10-01",
        "end": "2022-03-31",
        "cost": "12000.00",
        "mandatory_safety": False,
    }
    trainee = {"employee_ref": "MAT-001", "contract": "permanent", "contract_end": None}
    return {
        "siren": SIREN,
        "aid_regime": "temporary_framework",
        "pathway": "anticipation",
        "training_actions": [action],
        "trainees": [{**trainee, "leaving_under_pse_or_rcc": False}],
        **overrides,
    }


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


class Server:
    def __init__(self, url: str):
        self.url = url.rstrip("/")

    def call(self, method, path, body=None, headers=None, client="127.0.0.9"):
        """One call as `client` (the address the proxy saw, or a forwarded chain ending in it):
        status, headers, body."""
        headers = {"X-Forwarded-For": client, **(headers or {})}
        opener = urllib.request.build_opener(NoRedirect())
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def login(self, username: str, password: str, client: str) -> int:
        """302 logged in, 200 refused, 429 locked; a fresh browser each time."""
        _, headers, page = self.call("GET", "/connexion/", client=client)
        cookie = next(
            c.split(";")[0] for c in headers.get_all("Set-Cookie", []) if c.startswith("csrftoken=")
        )
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": self.url + "/connexion/",
            "Cookie": cookie,
        }
        body = urllib.parse.urlencode(form).encode()
        return self.call("POST", "/connexion/", body, headers, client)[0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "campagne-relance-boundary"
    quoted = name.replace('"', "%22")
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvoice\r\n',
        f"--{boundary}\r\nContent-Disposition: form-data; name="
        f'"file"; filename="{quoted}"\r\nContent-Type: application/pdf\r\n\r\n',
    ]
    body = "".join(parts).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def api_inputs(request_id: int) -> list[tuple[str, str, str, bytes | None, dict, str]]:
    """(what, who, method, path, body, headers): the campaign's hostile inputs to the API."""
    j = {"Content-Type": "application/json"}
    nul_trainee = request_body(trainees=[{**request_body()["trainees"][0], "employee_ref": "M\0"}])
    long_name, long_type = multipart("f" * 1000 + ".pdf", PDF)
    ctrl_name, ctrl_type = multipart("fac\x01ture\x7f.pdf", PDF)
    return [
        ("NUL in a trainee's reference", "company", "POST", "/requests", nul_trainee, j),
        ("NUL in a JSON key", "manager", "POST", "/evaluations", {"filed_on\0": "2021-09-01"}, j),
        ("NUL in a company name", "manager", "POST", "/companies", {"name": "A\0B"}, j),
        (
            "escape character in a note",
            "manager",
            "POST",
            f"/requests/{request_id}/notes",
            {"text": "\x1b[31mrouge"},
            j,
        ),
        ("NUL in a query parameter", "manager", "GET", "/requests?status=%00", None, {}),
        ("NUL in the search", "manager", "GET", "/requests?q=D-2021%00", None, {}),
        ("NUL in the path", "manager", "GET", "/companies/55210%000554", None, {}),
        ("NUL in an id in the path", "manager", "GET", "/requests/1%00", None, {}),
        ("JSON 1 000 deep (evaluations)", "manager", "POST", "/evaluations", nested(1000), j),
        ("JSON 1 000 deep (requests)", "company", "POST", "/requests", nested(1000), j),
        (
            "JSON 65 deep (difficulty checks)",
            "manager",
            "POST",
            "/difficulty-checks",
            nested(65),
            j,
        ),
        ("JSON 100 000 deep", "manager", "POST", "/evaluations", nested(100_000), j),
        ("body of 6 MB", "company", "POST", "/requests", b" " * 6_000_000 + b"{}", j),
        (
            "body of 4.5 MB (limit 4 MB)",
            "manager",
            "POST",
            "/evaluations",
            b'{"x":"' + b"a" * 4_500_000 + b'"}',
            j,
        ),
        ("invalid UTF-8", "company", "POST", "/requests", b'{"siren": "\xff\xfe"}', j),
        ("truncated JSON", "company", "POST", "/requests", b'{"siren": ', j),
        ("empty body", "company", "POST", "/requests", b"", j),
        ("JSON list instead of object", "company", "POST", "/requests", b"[1, 2]", j),
        (
            "text/plain body",
            "company",
            "POST",
            "/requests",
            b"siren=1",
            {"Content-Type": "text/plain"},
        ),
        (
            "number 1e999 as a cost",
            "manager",
            "POST",
            "/evaluations",
            b'{"filed_on": "2021-09-15", "training": {"cost": 1e999}}',
            j,
        ),
        (
            "NaN as a cost",
            "manager",
            "POST",
            "/evaluations",
            b'{"filed_on": "2021-09-15", "training": {"cost": NaN}}',
            j,
        ),
        ("impossible date", "manager", "POST", "/evaluations", {"filed_on": "2021-02-30"}, j),
        (
            "upload name of 1 000 characters",
            "company",
            "POST",
            f"/requests/{request_id}/documents",
            long_name,
            {"Content-Type": long_type},
        ),
        (
            "upload name with control characters",
            "company",
            "POST",
            f"/requests/{request_id}/documents",
            ctrl_name,
            {"Content-Type": ctrl_type},
        ),
        ("unknown route", "manager", "GET", "/nulle-part", None, {}),
        ("non-numeric id", "manager", "GET", "/requests/abc", None, {}),
        ("id past 64 bits", "manager", "GET", "/requests/99999999999999999999999", None, {}),
        ("negative page", "manager", "GET", "/requests?page=-1", None, {}),
        ("page past 64 bits", "manager", "GET", "/requests?page=99999999999999999999999", None, {}),
        ("token of 10 000 characters", "forged", "GET", "/requests", None, {}),
        (
            "payment replayed with another body",
            "manager",
            "POST",
            f"/requests/{request_id}/payments",
            {"amount": "-1", "reference": "\0"},
            j,
        ),
    ]


def page_inputs() -> list[tuple[str, str, str]]:
    return [
        ("NUL in a public page's query", "GET", "/bilan/2022/public?format=%00"),
        ("NUL in the login's next", "GET", "/connexion/?next=%00"),
        ("NUL in the simulator", "GET", "/dispositif/simulateur/?headcount=1%00"),
        ("NUL in a page's path", "GET", "/demandes/%00/"),
        ("NUL in the bilan's year", "GET", "/bilan/20%0022/public"),
    ]


def error_code(answer: bytes) -> str:
    try:
        return f" ({json.loads(answer)['errors'][0]['code']})"
    except (ValueError, KeyError, IndexError, TypeError):
        return ""


def run_api(server: Server, tokens: dict, request_id: int) -> list[tuple[str, int, bool]]:
    results = []
    for what, who, method, path, body, headers in api_inputs(request_id):
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        token = tokens.get(who, "x" * 10_000)
        auth = {"Authorization": f"Bearer {token}", **headers}
        status, answer_headers, answer = server.call(method, "/api/v1" + path, body, auth)
        shaped = answer_headers.get("Content-Type", "").startswith("application/json")
        results.append((f"{what}{error_code(answer) if shaped else ''}", status, shaped))
    return results


def run_pages(server: Server) -> list[tuple[str, int, bool]]:
    results = [(what, server.call(m, path)[0], True) for what, m, path in page_inputs()]
    status = server.login("campagne\0finances", "x", client="127.0.0.8")
    results.append(("NUL in the login form", status, True))
    bad_cookie = {"Cookie": "sessionid=ab%00cd; csrftoken=\x7f"}
    results.append(
        ("control characters in cookies", server.call("GET", "/", None, bad_cookie)[0], True)
    )
    return results


def run_commands() -> list[tuple[str, int, bool]]:
    folder = Path(tempfile.mkdtemp(prefix="relance-hostile-"))
    (folder / "deep.json").write_bytes(nested(100_000))
    (folder / "latin.json").write_bytes(b'{"filed_on": "\xe9"}')
    (folder / "dump.tar").write_bytes(b"\x1f\x8b\x08" + b"\0" * 300)
    commands = [
        ("relance evaluate on deep JSON", ["evaluate", str(folder / "deep.json")]),
        (
            "relance evaluate --batch on non-UTF-8",
            ["evaluate", "--batch", str(folder / "latin.json")],
        ),
        ("relance restore on a truncated dump", ["restore", str(folder / "dump.tar")]),
    ]
    results = []
    for what, args in commands:
        done = subprocess.run(
            [sys.executable, "-m", "relance.cli", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        results.append((what, done.returncode, "Traceback" not in done.stderr))
    return results


def run_lockout(server: Server, password: str) -> dict:
    """5 failures for one user from one address, then the right password from another; a
    spray of 50 usernames × 4 attempts from a third address; the client's own forwarded
    addresses are ignored (the proxy appends the one it saw, the last)."""
    attacker, victim, sprayer = "203.0.113.5", "198.51.100.7", "203.0.113.66"
    for attempt in range(5):
        server.login("campagne-finances", "mauvais", client=f"192.0.2.{attempt}, {attacker}")
    figures = {
        "attacker_after_5_failures": server.login("campagne-finances", password, attacker),
        "same_user_from_another_address": server.login("campagne-finances", password, victim),
    }
    answers = [server.login(f"agent{n}", "mauvais", sprayer) for n in range(50) for _ in range(4)]
    figures["spray_attempts_before_429"] = answers.index(429) if 429 in answers else len(answers)
    figures["spray_attempts_answered_429"] = answers.count(429)
    figures["login_page_for_the_sprayer"] = server.call("GET", "/connexion/", client=sprayer)[0]
    figures["victim_from_elsewhere_during_spray"] = server.login(
        "campagne-victime", password, victim
    )
    return figures


def main() -> None:
    url, manager, company, password = sys.argv[1:5]
    server = Server(url)
    tokens = {"manager": manager, "company": company}
    created = server.call(
        "POST",
        "/api/v1/requests",
        json.dumps(request_body()).encode(),
        {"Authorization": f"Bearer {company}", "Content-Type": "application/json"},
    )
    request_id = json.loads(created[2])["id"]
    results = run_api(server, tokens, request_id) + run_pages(server)
    commands = run_commands()
    for what, status, shaped in results:
        print(f"{status:>4} {'json' if shaped else 'HTML!'} {what}")
    for what, code, clean in commands:
        print(f"exit {code} {'' if clean else 'TRACEBACK '}{what}")
    errors = [r for r in results if r[1] >= 500]
    unshaped = [r for r in results if not r[2]]
    bad_commands = [c for c in commands if c[1] != 2 or not c[2]]
    print(
        f"hostile inputs: {len(results) + len(commands)} ({len(results)} HTTP, {len(commands)} "
        f"commands); answers ≥ 500: {len(errors)}; non-JSON under /api/: {len(unshaped)}; "
        f"commands not exiting 2 cleanly: {len(bad_commands)}"
    )
    lockout = run_lockout(server, password)
    print("lockout:", json.dumps(lockout))
    ok_lockout = (
        lockout["attacker_after_5_failures"] == 429
        and lockout["same_user_from_another_address"] == 302
        and lockout["victim_from_elsewhere_during_spray"] == 302
        and lockout["login_page_for_the_sprayer"] == 200
    )
    sys.exit(0 if not (errors or unshaped or bad_commands) and ok_lockout else 1)


if __name__ == "__main__":
    main()
