from ninja import NinjaAPI

from relance.api import companies, envelopes, reference, requests, rules
from relance.api.auth import BearerAuth
from relance.api.errors import install_handlers

api = NinjaAPI(
    title="relance API",
    version="1",
    description="API de relance : référentiel, entreprises, règles, demandes de financement.",
    auth=BearerAuth(),
    urls_namespace="api",
)
install_handlers(api)
api.add_router("", reference.router)
api.add_router("", companies.router)
api.add_router("", rules.router)
api.add_router("", requests.router)
api.add_router("", envelopes.router)
