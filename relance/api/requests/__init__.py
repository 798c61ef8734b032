"""The funding-request endpoints: `schemas` (shapes), `endpoints` (creation, reading, workflow
transitions, payments), `attachments` (documents, notes) and `messages` (the thread), on one
router."""

from relance.api.requests import attachments, endpoints, messages

router = endpoints.router

__all__ = ["attachments", "messages", "router"]
