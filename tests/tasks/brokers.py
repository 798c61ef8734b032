"""Tests through a real broker: each message is taken back from Redis or RabbitMQ and run in
the test's own thread (so it sees the test's transaction), right after it was sent."""

import time
from collections.abc import Callable

from django_tasks.signals import task_enqueued


def _run_rq_message(task_result) -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    queue = task_result.task.queue_name
    worker = django_rq.get_worker(queue, job_class=Job, worker_class=SimpleWorker)
    worker.work(burst=True, with_scheduler=False)


def _run_celery_message(task_result) -> None:
    from celery import current_app

    queue_name = task_result.task.queue_name
    with current_app.connection_for_read() as connection:
        queue = current_app.amqp.queues[queue_name](connection.default_channel)
        queue.declare()
        for _ in range(100):  # published on another connection: it may take a moment to land
            message = queue.get(no_ack=False)
            if message is not None:
                break
            time.sleep(0.02)
        else:
            raise AssertionError(f"no message on the {queue_name} queue")
        args, kwargs, _embed = message.decode()
        task = current_app.tasks[message.headers["task"]]
        task.apply(
            args=args,
            kwargs=kwargs,
            task_id=message.headers["id"],
            headers=message.headers,
            priority=message.properties.get("priority") or 0,
            routing_key=queue_name,
            throw=True,
        )
        message.ack()


def purge(backend: str) -> None:
    """Forget messages an earlier, interrupted test run left behind."""
    from relance.tasks.queues import QUEUES

    if backend == "rq":
        import django_rq
        from rq.intermediate_queue import IntermediateQueue
        from rq.registry import StartedJobRegistry

        for name in QUEUES:
            queue = django_rq.get_queue(name)
            queue.empty()
            # Jobs of a killed worker: RQ's cleanup would report them failed in our first test.
            queue.connection.delete(
                StartedJobRegistry(queue=queue).key,
                IntermediateQueue.get_intermediate_queue_key(queue.key),
            )
    else:
        from celery import current_app

        with current_app.connection_for_write() as connection:
            for name in QUEUES:
                queue = current_app.amqp.queues[name](connection.default_channel)
                queue.declare()
                queue.purge()


RUNNERS: dict[str, Callable] = {"rq": _run_rq_message, "celery": _run_celery_message}


def run_each_message(backend: str) -> Callable[[], None]:
    """Connect the runner; return the function that disconnects it."""

    def on_enqueued(sender, task_result, **kwargs):
        RUNNERS[backend](task_result)

    task_enqueued.connect(on_enqueued, weak=False)
    return lambda: task_enqueued.disconnect(on_enqueued)
