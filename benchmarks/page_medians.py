"""Median time of pages served by a running `relance serve`, as a logged-in user sees them.

    python benchmarks/page_medians.py BASE_URL USERNAME PASSWORD PATH [PATH …] [--runs 3]
        [--bulk LIST_PATH ACTION COUNT]

Logs in through the login form (CSRF included), requests each page once to warm it, then
`--runs` times, and prints one line per page: median and every run in milliseconds, and the
status. Standard library only, so it runs with any Python.

`--bulk /gestion/?statut=in_review approve 50`: the queue's bulk action as a user takes it.
Each run (a warm-up, then `--runs`) ticks the first COUNT requests that LIST_PATH shows (its
pages in turn; the requests a run acted on leave the list, so each run takes new ones), posts
the queue's form to /gestion/lot/ and times that POST up to the last byte of the result page
(the page listing each request's outcome). It changes the data: run it last.
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


def timed(opener: urllib.request.OpenerDirector, url) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with opener.open(url) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def ticked(opener: urllib.request.OpenerDirector, url: str, count: int) -> tuple[list[str], str]:
    """The first `count` request ids the queue at `url` lists, and the form's CSRF token."""
    ids: list[str] = []
    token = ""
    for number in range(1, count + 2):
        separator = "&" if "?" in url else "?"
        page = opener.open(f"{url}{separator}page={number}").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        found = re.findall(r'name="ids" value="(\d+)"', page)
        ids += [i for i in found if i not in ids]
        if len(ids) >= count or not found:
            break
    return ids[:count], token


def bulk_runs(opener, base: str, list_path: str, action: str, count: int, runs: int) -> None:
    def one() -> tuple[float, int, int]:
        ids, token = ticked(opener, base + list_path, count)
        form = [("csrfmiddlewaretoken", token), ("action", action), ("next", list_path)]
        body = urllib.parse.urlencode(form + [("ids", i) for i in ids]).encode()
        request = urllib.request.Request(
            f"{base}/gestion/lot/", data=body, headers={"Referer": base + list_path}
        )
        ms, status = timed(opener, request)
        return ms, status, len(ids)

    one()  # warm-up
    measured = [one() for _ in range(runs)]
    times = [ms for ms, _, _ in measured]
    label = f"POST /gestion/lot/ {action} ×{measured[-1][2]}"
    print(
        f"{label:<48} median {statistics.median(times):8.0f} ms"
        f"  runs {' '.join(f'{t:.0f}' for t in times)}  HTTP {measured[-1][1]}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("username")
    parser.add_argument("password")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bulk", nargs=3, metavar=("LIST_PATH", "ACTION", "COUNT"))
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
    if args.bulk:
        list_path, action, count = args.bulk
        bulk_runs(opener, args.base.rstrip("/"), list_path, action, int(count), args.runs)


if __name__ == "__main__":
    main()
