"""The site under a real gunicorn on loopback, for ``manage.py bench_api``: start it, time requests
from outside it, read the parts each request reports (:mod:`cascading_site.bench_wsgi`).

What the client measures is the whole request as a front end sees it: connecting, gunicorn's
parsing, every middleware, the view, sending the answer. The worker reports, in its
``Server-Timing`` header, the engine's call and the other parts, measured inside the same request.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from django.core.management.base import CommandError

from cascading_site import bench_timing
from cascading_site.bench import ANSWERED_AFRESH

SITE_DIR = Path(__file__).resolve().parent.parent  # site/, where gunicorn finds cascading_site


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(port=None, workers=1, threads=1, log_path=None, timeout=60):
    """A gunicorn serving the site with :mod:`cascading_site.bench_wsgi` on 127.0.0.1, with this
    process's environment (its settings, database and search indexes); yields its port."""
    port = port or free_port()
    log = open(log_path, "a") if log_path else subprocess.DEVNULL
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cascading_site.bench_wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
    ]
    environment = {
        # Connections kept between requests, as production keeps them (settings/production.py):
        # otherwise each request would open the database again before its first query.
        "CONN_MAX_AGE": "60",
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SITE_DIR.parent), str(SITE_DIR)])),
    }
    server = subprocess.Popen(command, cwd=SITE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise CommandError(
                        f"gunicorn did not start on port {port} (exit {server.poll()}); see {log_path}"
                    ) from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log_path:
            log.close()


def timed_get(port, path, params, host="localhost"):
    """(seconds, status, body, {part: seconds}) for one GET, timed from before connecting to the
    last byte of the answer, as a front end would wait for it."""
    url = f"{path}?{urlencode(params, doseq=True)}" if params else path
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {
            "Host": host,
            "Accept": "application/json",
            "Authorization": ANSWERED_AFRESH["HTTP_AUTHORIZATION"],
        }
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - start
        parts = bench_timing.parse_server_timing(response.getheader(bench_timing.HEADER))
        return elapsed, response.status, body, parts
    finally:
        connection.close()
