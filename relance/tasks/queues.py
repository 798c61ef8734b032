"""The queues: e-mails and letters never wait behind imports and simulations."""

DEFAULT_QUEUE = "default"
# Imports, and the simulations of issue #17: long work on its own workers.
LONG_QUEUE = "long"
QUEUES = [DEFAULT_QUEUE, LONG_QUEUE]
