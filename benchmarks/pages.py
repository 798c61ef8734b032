"""Pages per second through `relance serve` (gunicorn), logged in, against a running server.

    .venv/bin/python benchmarks/pages.py http://127.0.0.1:8118 USER PASSWORD [REQUESTS=20] [CONCURRENCY=4]

The server runs in production mode behind no proxy: each request says X-Forwarded-Proto: https
(as the TLS proxy would) and the session cookie is sent back by hand (it is Secure). Prints one
line per page: median and 95th percentile latency, pages per second at that concurrency.
"""

import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PAGES = ["/dispositif/", "/bilan/2021/public", "/gestion/", "/finances/", "/pilotage/?annee=2021"]
HOST = "relance.example.fr"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def call(base: str, path: str, cookies: dict, data: bytes | None = None) -> tuple[int, dict, bytes]:
    headers = {
        "Host": HOST,
        "X-Forwarded-Proto": "https",
        "Referer": f"https://{HOST}/connexion/",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    request = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with OPENER.open(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def remember(cookies: dict, headers) -> None:
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name] = rest.split(";", 1)[0]


def login(base: str, username: str, password: str) -> dict:
    cookies: dict = {}
    _, headers, body = call(base, "/connexion/", cookies)
    remember(cookies, headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    ).encode()
    status, headers, _ = call(base, "/connexion/", cookies, form)
    assert status == 302, f"login failed ({status})"
    remember(cookies, headers)
    return cookies


def measure(base: str, path: str, cookies: dict, count: int, concurrency: int) -> str:
    def one(_):
        started = time.perf_counter()
        status, _, _ = call(base, path, cookies)
        assert status == 200, (path, status)
        return time.perf_counter() - started

    call(base, path, cookies)  # warm-up (connections, caches)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        times = sorted(pool.map(one, range(count)))
    elapsed = time.perf_counter() - started
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return (
        f"| `{path}` | {statistics.median(times) * 1000:.0f} ms | {p95 * 1000:.0f} ms "
        f"| {count / elapsed:.1f} |"
    )


def main() -> None:
    base, username, password = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    concurrency = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    cookies = login(base, username, password)
    print("| page | median | p95 | pages/s |\n|---|---|---|---|")
    for path in PAGES:
        print(measure(base, path, cookies, count, concurrency))


if __name__ == "__main__":
    main()
