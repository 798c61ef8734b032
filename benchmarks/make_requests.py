"""Write N varied requests of the evaluate contract as JSON Lines (deterministic for a seed).

python benchmarks/make_requests.py 100000 > var/requests.jsonl
"""

import datetime as dt
import json
import random
import sys

KINDS = ["partial_activity", "long_partial_activity", "difficulty", "transformation", "recovery"]
CONTRACTS = ["permanent"] * 6 + ["fixed_term", "apprenticeship", "professionalisation"]
PATHWAYS = ["anticipation", "crisis_context", "certification", "reconversion"]


def day(rnd: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rnd.randrange(span))


def request(rnd: random.Random) -> dict:
    filed_on = day(rnd, dt.date(2021, 1, 1), 560)
    start = filed_on + dt.timedelta(days=rnd.randrange(5, 90))
    end = start + dt.timedelta(days=rnd.randrange(1, 400))
    trainees = [
        {
            "contract": (c := rnd.choice(CONTRACTS)),
            "contract_end": (end + dt.timedelta(days=rnd.randrange(-60, 200))).isoformat()
            if c == "fixed_term"
            else None,
            "leaving_under_pse_or_rcc": rnd.random() < 0.02,
        }
        for _ in range(rnd.randint(1, 12))
    ]
    return {
        "filed_on": filed_on.isoformat(),
        "company": {
            "headcount": rnd.choice(
                [
                    rnd.randint(1, 49),
                    rnd.randint(50, 299),
                    rnd.randint(300, 1000),
                    rnd.randint(1001, 20000),
                ]
            ),
            "idcc": rnd.choice(["3248", "0292", "0044", "0176"]),
            "situations": [
                {
                    "kind": rnd.choice(KINDS),
                    "start": day(rnd, dt.date(2020, 3, 1), 700).isoformat(),
                    "end": None,
                }
                for _ in range(rnd.randint(1, 2))
            ],
            "in_difficulty_on_2019_12_31": rnd.random() < 0.05,
            "ceasing_activity": rnd.random() < 0.01,
            "pse_negotiation": False,
            "state_aid_received": f"{rnd.randrange(0, 200000000) / 100:.2f}",
        },
        "aid_regime": "gber"
        if filed_on >= dt.date(2021, 7, 1) and rnd.random() < 0.2
        else "temporary_framework",
        "pathway": rnd.choice(PATHWAYS),
        "training": {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "cost": f"{rnd.randrange(50000, 5000000) / 100:.2f}",
            "hours": rnd.randint(7, 400),
            "mandatory_safety": rnd.random() < 0.01,
        },
        "trainees": trainees,
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rnd = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2021)
    write = sys.stdout.write
    for _ in range(count):
        write(json.dumps(request(rnd)) + "\n")


if __name__ == "__main__":
    main()
