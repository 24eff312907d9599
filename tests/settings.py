"""Settings for the test suite: the real settings plus a fast hasher and a file SQLite per worker."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-that-is-long-enough-for-checks-0123456789")
os.environ.setdefault("DEBUG", "false")

from lapor.settings import *  # noqa: E402,F403
from lapor.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {
        # One file per test run (xdist workers share the run id), so parallel runs never clash.
        "NAME": os.path.join(
            tempfile.gettempdir(),
            f"lapor-test-{os.environ.get('PYTEST_XDIST_TESTRUNUID', os.getpid())}.sqlite3",
        )
    }
HUEY = {**HUEY, "immediate": True}  # noqa: F405
LAPOR_ROUTING_RELOAD_SECONDS = 0  # every suggestion sees the model rows of its own test
LAPOR_ROUTING_MODEL_DIR = Path(tempfile.mkdtemp(prefix="lapor-routing-"))  # noqa: F405
