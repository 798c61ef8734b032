"""The demo's training providers (valid SIRET and declaration numbers) and course titles."""

from stdnum import luhn


def provider(n: int) -> tuple[str, str]:
    siren_body = f"{81_000_000 + n * 7:08d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    nic = f"{siren}0001"
    return nic + luhn.calc_check_digit(nic), f"{11 + n % 84:02d}{75_000_000 + n:09d}"


TITLES = {
    "anticipation": [
        "Robotique et cobotique",
        "Maintenance prédictive",
        "Lean manufacturing",
        "Industrie 4.0 : pilotage de ligne",
    ],
    "crisis_context": [
        "Gestion de production en période de crise",
        "Polyvalence sur ligne",
        "Relance commerciale",
    ],
    "certification": [
        "CQPM Technicien d'usinage",
        "Titre professionnel Soudeur",
        "CQP Conducteur de ligne",
    ],
    "reconversion": ["Reconversion vers la maintenance", "Reconversion conduite de machines"],
}


def title(pathway: str, index: int) -> str:
    return TITLES[pathway][index % len(TITLES[pathway])] + (" — module 2" if index else "")
