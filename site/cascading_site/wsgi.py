import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cascading_site.settings.production")

application = get_wsgi_application()

# The ~200,000 objects the loaded code is made of live as long as the process: keep them out of
# the garbage collector's full collections, which otherwise pause a request for tens of ms (the
# directory's p95 at 20,000 coaches) every few dozen requests.
gc.freeze()
