"""`manage.py db_worker`: django-tasks-db's worker, with a lease (advocacy.worker).

It takes the place of django-tasks-db's command of the same name (advocacy comes before
django_tasks_db in INSTALLED_APPS), with the same options.
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from advocacy.worker import LeasedWorker


class Command(db_worker.Command):
    help = (
        "Run the task worker (the sign-on emails). It holds a lease while it runs, and "
        "queues again the tasks that a worker which died left running."
    )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False  # a batch ends by itself
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if not reload:
            worker.configure_signals()
            worker.run()
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()  # in the child that runs the worker, not the watcher
        run_with_reloader(worker.run)
