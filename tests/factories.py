"""Factories with valid identifiers; traits give each role its attachment."""

import factory
from stdnum import luhn

from relance.accounts.models import Role, User
from relance.accounts.services import token_create
from relance.companies.models import Company, Situation
from relance.reference.models import BranchAgreement, Department


def valid_siren(seed: int) -> str:
    body = f"{seed:08d}"[-8:]
    return body + luhn.calc_check_digit(body)


def valid_siret(siren: str, nic: int = 1) -> str:
    body = f"{siren}{nic:04d}"
    return body + luhn.calc_check_digit(body)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    siren = factory.Sequence(lambda n: valid_siren(10_000_000 + n))
    name = factory.Sequence(lambda n: f"Entreprise {n}")
    naf = "2562B"
    headcount = 40
    idcc = "3248"
    branch = factory.LazyAttribute(lambda o: BranchAgreement.objects.get(idcc=o.idcc).branch)
    department = factory.LazyFunction(lambda: Department.objects.get(code="69"))
    delegation = factory.LazyAttribute(lambda o: o.department.region.delegation)


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    company = factory.SubFactory(CompanyFactory)
    kind = "partial_activity"
    start = factory.Faker("date_between", start_date="-3y", end_date="-2y")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.fr")
    role = Role.MANAGER
    password = factory.PostGenerationMethodCall("set_password", "Mot-de-passe-solide-42")

    class Params:
        company_user = factory.Trait(role=Role.COMPANY, company=factory.SubFactory(CompanyFactory))
        adviser = factory.Trait(
            role=Role.ADVISER,
            delegation=factory.LazyFunction(
                lambda: Department.objects.get(code="69").region.delegation
            ),
        )
        admin = factory.Trait(role=Role.ADMIN, is_staff=True, is_superuser=True)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def bearer(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user)}"}
