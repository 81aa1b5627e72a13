"""gunicorn settings for a shared deployment: `gunicorn app:server` (gunicorn reads this file
from the working directory). Command-line flags win over these, e.g. `gunicorn -w 2 app:server`.

Every value can be set by an environment variable, documented in README.md ("Settings").
"""

import os

# Where to listen. Loopback by default: put a reverse proxy (TLS) in front of a public deployment.
bind = os.environ.get("KPI_BIND", "127.0.0.1:8050")

# Worker processes. The workers are stateless: the dataset is read-only once loaded, filter state
# lives in each browser's URL, and the query cache is per worker (or shared in Redis).
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))

# Load the app (and the dataset) once in the master, then fork: the workers share its memory
# pages copy-on-write, and a dataset that does not load stops the server before it forks.
preload_app = True

# A callback on the national dataset can take a few seconds on a cold cache; a stuck worker is
# replaced after this many seconds.
timeout = int(os.environ.get("KPI_WORKER_TIMEOUT", "60"))
graceful_timeout = 30

accesslog = "-"
errorlog = "-"


def when_ready(server):
    """In the master, once the preloaded app is built and before any worker forks: Dash's
    first-request setup (`app.set_up_dash`), which each worker would otherwise do on its first
    request (a reader's first page waiting ~0.4 s on the national dataset)."""
    if not server.cfg.preload_app:  # the workers build their own app: nothing here to share
        return
    import app

    seconds = app.set_up_dash(app.app)
    server.log.info("Dash set up before forking the workers in %.0f ms", seconds * 1000)
