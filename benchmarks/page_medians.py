"""Median time of pages served by a running `relance serve`, as a logged-in user sees them.

    python benchmarks/page_medians.py BASE_URL USERNAME PASSWORD PATH [PATH …] [--runs 3]

Logs in through the login form (CSRF included), requests each page once to warm it, then
`--runs` times, and prints one line per page: median and every run in milliseconds, and the
status. Standard library only, so it runs with any Python.
"""

import argparse
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request


def opener_logged_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/connexion/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/connexion/", data=body, headers={"Referer": f"{base}/connexion/"}
    )
    answer = opener.open(request)
    if "/connexion/" in answer.geturl():
        sys.exit(f"login refused for {username}")
    return opener


def timed(opener: urllib.request.OpenerDirector, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with opener.open(url) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    opener = opener_logged_in(args.base.rstrip("/"), args.username, args.password)
    for path in args.paths:
        url = args.base.rstrip("/") + path
        timed(opener, url)  # warm-up: imports, caches, the database's buffers
        runs = [timed(opener, url) for _ in range(args.runs)]
        times = [ms for ms, _ in runs]
        status = runs[-1][1]
        print(
            f"{path:<48} median {statistics.median(times):8.0f} ms"
            f"  runs {' '.join(f'{t:.0f}' for t in times)}  HTTP {status}",
            flush=True,
        )


if __name__ == "__main__":
    main()
