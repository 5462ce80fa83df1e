"""gunicorn's settings for the press room's app servers.

`make prod-up` and the container image both start gunicorn with this file and no other
option (deploy/prod/config.py, GUNICORN): what is set here holds for both.

    .venv/bin/gunicorn --config deploy/gunicorn.conf.py advocacy.wsgi

From the environment: GUNICORN_BIND, the address to listen on (default 127.0.0.1:8000),
and WEB_CONCURRENCY, the number of worker processes (default: two per core, and one).
"""

import multiprocessing
import os

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Synchronous workers behind nginx, which buffers slow clients' requests and responses.
worker_class = "sync"
# A request running this long is stopped (its worker restarted) and nginx's
# proxy_read_timeout (60 s) is not reached; a stop lets running requests finish this long.
timeout = 30
graceful_timeout = 25
# Workers are renewed now and then, so that no slow leak of memory lasts.
max_requests = 2000
max_requests_jitter = 200
# The request's reference (X-Request-ID, set by nginx) in the access log, as in nginx's.
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}i)s'
errorlog = "-"
