"""The site's WSGI application, for ``manage.py bench_api``'s gunicorn run only: each answer carries
a ``Server-Timing`` header with the time its request spent in each part
(:mod:`cascading_site.bench_timing`) and in Django as a whole (``app``).

Never served to anyone: ``bench_api`` starts gunicorn with it on loopback for the run and stops it.
Timings are kept per thread, so sync and gthread workers both work.
"""

# isort: off
# The site's application first: it sets Django up, which the modules timed need to be imported.
from cascading_site.wsgi import application as site_application
from cascading_site import bench_timing
from cascading_site.bench import Stopwatch
# isort: on

stopwatch = Stopwatch(bench_timing.PARTS)
stopwatch.watching().__enter__()  # For the life of the process.

application = bench_timing.with_server_timing(site_application, stopwatch)
