"""The funding-request endpoints: `schemas` (shapes), `endpoints` (creation, reading, workflow
transitions, payments) and `attachments` (documents, notes), on one router."""

from relance.api.requests import attachments, endpoints

router = endpoints.router

__all__ = ["attachments", "router"]
