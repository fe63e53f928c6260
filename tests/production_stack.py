"""The site as production runs it, on loopback: its own PostgreSQL server (tests/postgres/pg.sh),
production settings, collected static files and gunicorn workers. Used by the database outage
tests and the load benchmark (tests/bench/load.py).
"""

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_SH = REPO / "tests" / "postgres" / "pg.sh"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StackError(RuntimeError):
    pass


def postgres_installable():
    """Whether pg.sh can run PostgreSQL here: it is installed, or we are root and can install it."""
    return bool(glob.glob("/usr/lib/postgresql/*/bin/postgres")) or os.geteuid() == 0


class ProductionStack:
    def __init__(self, pg_port=None, http_port=None, workers=2, base_dir=None, environ=None):
        self.base_dir = Path(base_dir or tempfile.mkdtemp(prefix="cascading-stack-"))
        # pg.sh hands base_dir/pg to the postgres user, who must be able to reach it.
        self.base_dir.chmod(0o755)
        self.pg_port = pg_port or free_port()
        self.http_port = http_port or free_port()
        self.workers = workers
        self.extra_environ = environ or {}
        self.web = None
        self._web_log = None

    # --- PostgreSQL -----------------------------------------------------------------------------

    def _pg(self, command):
        env = {**os.environ, "PG_PORT": str(self.pg_port), "PG_BASE_DIR": str(self.base_dir / "pg")}
        result = subprocess.run(["bash", str(PG_SH), command], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise StackError(f"pg.sh {command} failed: {result.stderr[-2000:]}")
        return result.stdout.strip()

    def start_database(self):
        self._pg("start")

    def stop_database(self):
        self._pg("stop")

    @property
    def database_url(self):
        return f"postgres://cascading@127.0.0.1:{self.pg_port}/cascading"

    def psql(self, sql):
        """Run ``sql`` as the database superuser; returns the output, one row a line."""
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))
        command = [binaries[-1] if binaries else "psql", "-h", "127.0.0.1", "-p", str(self.pg_port)]
        command += ["-U", "postgres", "-d", "cascading", "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

    # --- Django ---------------------------------------------------------------------------------

    def environment(self):
        return {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"),
            "PYTHONPATH": f"{REPO / 'site'}:{REPO}",
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "cascading_site.settings.production",
            "SECRET_KEY": "stack-" + "k3y!" * 16,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PUBLIC_URL": "https://coaching.example.org",
            "DATABASE_URL": self.database_url,
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback, no TLS proxy in front
            "STATIC_ROOT": str(self.base_dir / "static"),
            "MEDIA_ROOT": str(self.base_dir / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "CASCADING_INTEREST_RATE_LIMIT": "0",  # every request comes from 127.0.0.1
            **self.extra_environ,
        }

    def manage(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, str(REPO / "site" / "manage.py"), *args],
            env=self.environment(),
            capture_output=True,
            text=True,
        )
        if check and result.returncode != 0:
            raise StackError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}"
            )
        return result.stdout

    def prepare(self):
        """Migrate, create the shared cache table and collect the static files."""
        self.manage("migrate", "--no-input")
        self.manage("createcachetable")
        self.manage("collectstatic", "--no-input", "-v", "0")

    def run_python(self, code):
        """Run ``code`` in Django's shell with production settings; returns what it printed as JSON."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    # --- gunicorn -------------------------------------------------------------------------------

    def start_web(self, timeout=60):
        self._web_log = open(self.base_dir / "gunicorn.log", "a")
        self.web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "cascading_site.wsgi",
                "--bind",
                f"127.0.0.1:{self.http_port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            env=self.environment(),
            cwd=REPO / "site",
            stdout=self._web_log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url("/static/cascading_pages/css/cascading.css"), timeout=5)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                if self.web.poll() is not None or time.monotonic() > deadline:
                    self.stop_web()
                    raise StackError(f"gunicorn did not start: {self.web_log()[-3000:]}") from None
                time.sleep(0.3)

    def stop_web(self):
        if self.web is not None and self.web.poll() is None:
            self.web.send_signal(signal.SIGTERM)
            try:
                self.web.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.web.kill()
                self.web.wait()
        if self._web_log:
            self._web_log.close()
            self._web_log = None

    def web_log(self):
        path = self.base_dir / "gunicorn.log"
        return path.read_text() if path.exists() else ""

    def worker_pids(self):
        children = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def url(self, path):
        return f"http://127.0.0.1:{self.http_port}{path}"

    # --- everything -----------------------------------------------------------------------------

    def close(self):
        """Stop gunicorn and PostgreSQL and remove their files."""
        try:
            self.stop_web()
        finally:
            try:
                self.stop_database()
            except StackError:
                pass
            shutil.rmtree(self.base_dir, ignore_errors=True)


def rss_kib(pid):
    """Resident memory of process ``pid`` in KiB (VmRSS), or None if it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


# --- nginx in front ---------------------------------------------------------------------------------

NGINX_CONF = """
daemon off;
worker_processes 1;
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {base}/body;
    proxy_temp_path {base}/proxy;
    fastcgi_temp_path {base}/fastcgi;
    uwsgi_temp_path {base}/uwsgi;
    scgi_temp_path {base}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $host;
            # What the deployment guide asks of the proxy: append the address it was reached from.
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def nginx_binary():
    return shutil.which("nginx") or next(iter(glob.glob("/usr/sbin/nginx")), None)


def install_if_missing(package, find_binary, name):
    """Install Debian's ``package`` when ``find_binary()`` finds nothing: as root; otherwise say how."""
    if find_binary():
        return
    if os.geteuid() != 0:
        raise StackError(f"{name} is not installed; run: sudo apt-get install {package}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise StackError(f"{' '.join(command)} failed: {result.stderr[-2000:]}")


def nginx_installable():
    """Whether nginx can run here: it is installed, or we are root and can install it."""
    return bool(nginx_binary()) or os.geteuid() == 0


class Nginx:
    """Debian's nginx on loopback as the site's reverse proxy, in front of ``upstream_port``."""

    def __init__(self, upstream_port, base_dir, port=None):
        self.upstream_port = upstream_port
        self.base_dir = Path(base_dir)
        self.port = port or free_port()
        self.process = None

    @staticmethod
    def install_if_missing():
        install_if_missing("nginx", nginx_binary, "nginx")

    def start(self, timeout=30):
        self.install_if_missing()
        self.base_dir.mkdir(parents=True, exist_ok=True)
        # nginx's workers run as an unprivileged user when started by root: they write here.
        self.base_dir.chmod(0o777)
        conf = self.base_dir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(base=self.base_dir, port=self.port, upstream=self.upstream_port))
        self.process = subprocess.Popen(
            [
                nginx_binary(),
                "-p",
                str(self.base_dir),
                "-e",
                str(self.base_dir / "error.log"),
                "-c",
                str(conf),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    log = self.base_dir / "error.log"
                    raise StackError(
                        f"nginx did not start: {log.read_text() if log.exists() else ''}"
                    ) from None
                time.sleep(0.2)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish, then all exit
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


# --- Varnish in front ---------------------------------------------------------------------------------

VARNISH_VCL = REPO / "site" / "deploy" / "varnish.vcl"


def varnish_binary():
    return shutil.which("varnishd") or next(iter(glob.glob("/usr/sbin/varnishd")), None)


def varnish_installable():
    """Whether Varnish can run here: it is installed, or we are root and can install it."""
    return bool(varnish_binary()) or os.geteuid() == 0


class Varnish:
    """Debian's Varnish on loopback with the site's own VCL (site/deploy/varnish.vcl), in front of
    ``upstream_port``."""

    def __init__(self, upstream_port, base_dir, port=None):
        self.upstream_port = upstream_port
        self.base_dir = Path(base_dir)
        self.port = port or free_port()
        self.process = None

    @staticmethod
    def install_if_missing():
        install_if_missing("varnish", varnish_binary, "Varnish")

    def start(self, timeout=60):
        self.install_if_missing()
        self.base_dir.mkdir(parents=True, exist_ok=True)
        self.base_dir.chmod(0o755)
        vcl = self.base_dir / "site.vcl"
        vcl.write_text(VARNISH_VCL.read_text().replace('.port = "8000";', f'.port = "{self.upstream_port}";'))
        vcl.chmod(0o644)
        self.process = subprocess.Popen(
            [
                varnish_binary(),
                "-F",  # in the foreground, so stopping this process stops Varnish
                "-a",
                f"127.0.0.1:{self.port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-n",
                str(self.base_dir / "work"),
                "-s",
                "malloc,64m",
            ],
            stdout=open(self.base_dir / "varnish.log", "w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise StackError(
                        f"Varnish did not start: {(self.base_dir / 'varnish.log').read_text()[-3000:]}"
                    ) from None
                time.sleep(0.2)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"
