"""Write N company rows (one situation each) as the import's CSV: `;`, decimal commas. A million
rows make about 102.7 MB (98 MiB), under the 100 MiB upload limit: the largest file allowed."""

import random
import sys

from stdnum import luhn

DEPARTMENTS = ["01", "13", "31", "33", "35", "44", "59", "67", "69", "75", "76", "971"]
IDCC = ["3248", "0292", "0044", "0045", "0176", "0018"]
KINDS = ["partial_activity", "long_partial_activity", "difficulty"]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rnd = random.Random(7)
    print(
        "siren;name;naf;headcount;department;idcc;in_difficulty_on_2019_12_31;ceasing_activity;pse_negotiation;"
        "declared_state_aid;situation_kind;situation_start;situation_end;evidence"
    )
    for n in range(count):
        body = f"{60_000_000 + n:08d}"
        siren = body + luhn.calc_check_digit(body)
        print(
            f"{siren};Entreprise {n};2562B;{rnd.randint(1, 2000)};{rnd.choice(DEPARTMENTS)};{rnd.choice(IDCC)};non;non;non;"
            f"{rnd.randint(0, 50000)},{rnd.randint(0, 99):02d};{rnd.choice(KINDS)};01/03/2021;;{n}"
        )


if __name__ == "__main__":
    main()
