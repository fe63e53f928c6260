from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config

from cascading_pages.search import index_check
from cascading_pages.search.backends import ENGINE_ERRORS

# Exit statuses, for a cron job or a monitor.
DRIFT = 1
CANNOT_CHECK = 2


class Command(BaseCommand):
    help = (
        "Compare each search backend's index with the database: objects missing from the index, "
        "stale entries (deleted objects, pages no longer live or public, other objects no longer indexed) and, on Elasticsearch or OpenSearch, outdated "
        "documents (changed since they were indexed). Exits with status 1 when it finds drift, 2 "
        "when a backend cannot be checked (unreachable, or its index was never built); --fix "
        "indexes the missing and outdated objects and removes the stale entries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            action="append",
            dest="aliases",
            metavar="ALIAS",
            help="Check this backend alias only (repeatable; default: every configured backend).",
        )
        parser.add_argument(
            "--model",
            action="append",
            dest="labels",
            metavar="APP.MODEL",
            help='Check this indexed model only, e.g. "cascading_pages.CoachPage" (repeatable).',
        )
        parser.add_argument("--fix", action="store_true", help="Repair the drift found, then check again.")
        parser.add_argument(
            "--ids-only",
            action="store_true",
            help="Compare ids only, not Elasticsearch or OpenSearch documents (faster; finds no outdated documents).",
        )
        parser.add_argument(
            "--show", type=int, default=20, metavar="N", help="Ids listed per kind of drift (default 20)."
        )

    def handle(self, *args, aliases, labels, fix, ids_only, show, **options):
        self.show = show
        self.verbosity = options["verbosity"]
        configured = list(get_app_config().get_search_backend_config())
        for alias in aliases or []:
            if alias not in configured:
                raise CommandError(f"No search backend {alias!r}; configured: {', '.join(configured)}")
        aliases = aliases or configured
        models = [self.indexed_model(label) for label in labels or []]
        drifted, unchecked = [], []
        for alias in aliases:
            try:
                backend = get_search_backend(alias)
                drift = index_check.check(alias, backend, models, compare_documents=not ids_only)
                self.report(drift)
                if drift.drifted and fix:
                    index_check.fix(backend, drift)
                    drift = index_check.check(alias, backend, models, compare_documents=not ids_only)
                    self.stdout.write(f"After --fix: {self.summary(drift)}")
            except (index_check.CannotCheck, *ENGINE_ERRORS) as exc:
                self.stderr.write(f"Backend {alias!r}: cannot check: {exc}")
                unchecked.append(alias)
                continue
            if drift.drifted:
                drifted.append(alias)
        if unchecked:
            raise CommandError(f"Could not check: {', '.join(unchecked)}", returncode=CANNOT_CHECK)
        if drifted:
            rebuild = " or ".join(f"`manage.py update_index --backend {alias}`" for alias in drifted)
            hint = "" if fix else f" Repair it with --fix, or {rebuild}."
            raise CommandError(
                f"The index drifted from the database in: {', '.join(drifted)}.{hint}", returncode=DRIFT
            )
        self.stdout.write(self.style.SUCCESS("No drift: every index matches the database."))

    def indexed_model(self, label):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise CommandError(f"No model {label!r}: give it as app_label.ModelName") from exc
        if model not in index_check.indexed_models():
            raise CommandError(f"{label} is not indexed for search")
        return model

    def report(self, drift):
        self.stdout.write(f"Backend {drift.alias!r} ({drift.kind}): {self.summary(drift)}")
        for model in drift.models:
            if not (model.drifted or model.in_database or model.in_index or self.verbosity > 1):
                continue
            line = f"  {model.label}: {model.in_database} in the database, {model.in_index} in the index"
            self.stdout.write(line if model.drifted else self.style.SUCCESS(line))
            for kind in ("missing", "stale", "outdated"):
                ids = getattr(model, kind)
                if ids:
                    listed = ", ".join(ids[: self.show]) + (", ..." if len(ids) > self.show else "")
                    self.stdout.write(self.style.WARNING(f"    {len(ids)} {kind}: {listed}"))

    def summary(self, drift):
        kinds = ("missing", "stale", "outdated") if drift.documents_compared else ("missing", "stale")
        found = (
            "no drift" if not drift.drifted else ", ".join(f"{drift.total(kind)} {kind}" for kind in kinds)
        )
        return found if drift.documents_compared else f"{found} (ids compared, not documents)"
