"""The embedded defaults and the production configuration, read from a clean environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "from config.celery import app; "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), 'eager': app.conf.task_always_eager, "
    "'search': settings.SEARCH_BACKEND, 'email': settings.EMAIL_BACKEND, "
    "'verification': settings.ACCOUNT_EMAIL_VERIFICATION, 'debug': settings.DEBUG, "
    "'tz': settings.TIME_ZONE, 'lang': settings.LANGUAGE_CODE, "
    "'options': settings.DATABASES['default'].get('OPTIONS', {}), "
    "'protocol': settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}))"
)
CONFIG_VARS = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SEARCH_BACKEND",
    "ELASTICSEARCH_URL",
    "EMAIL_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DJANGO_ENV",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "MEDIA_ROOT",
    "CACHE_URL",
    "DATABASE_PREPARED_STATEMENTS",
    "STORAGE_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "LOG_FORMAT",
    "SENTRY_DSN",
}


def run_python(tmp_path, env_extra, *args):
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"})
    env.update(env_extra)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_embedded_defaults_need_no_service(tmp_path):
    result = run_python(tmp_path, {}, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    # Django's engine, counting queries for /metrics (django-prometheus).
    assert config["engine"] == "django_prometheus.db.backends.sqlite3"
    assert config["name"] == str(tmp_path / "db.sqlite3")
    assert config["eager"] is True
    assert config["search"] == "embedded"
    assert config["email"] == "django.core.mail.backends.console.EmailBackend"
    assert config["debug"] is True
    assert config["tz"] == "Asia/Shanghai"
    assert config["lang"] == "zh-hans"
    # A development secret key was generated once and kept under var/.
    assert (tmp_path / "secret_key").exists()


def test_production_configuration_from_the_environment(tmp_path):
    result = run_python(
        tmp_path,
        {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 10 + "production-key-with-enough-entropy-1234567890abcdef",
            "ALLOWED_HOSTS": "jinpin.example.cn",
            "DATABASE_URL": "postgres://jinpin@db.example.cn:5432/jinpin",
            "CELERY_BROKER_URL": "redis://redis.example.cn:6379/0",
            "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.cn:587",
        },
        "-c",
        PROBE,
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["engine"] == "django_prometheus.db.backends.postgresql"
    assert config["eager"] is False
    assert config["email"] == "django.core.mail.backends.smtp.EmailBackend"
    # E-mail is optional (people sign up with a mobile number): confirming it cannot be mandatory.
    assert config["verification"] == "optional"
    assert config["debug"] is False
    assert config["options"] == {"server_side_binding": True, "prepare_threshold": 5}
    assert config["protocol"] == "https"


def test_prepared_statements_can_be_turned_off_for_a_pooler(tmp_path):
    result = run_python(
        tmp_path,
        {
            "DATABASE_URL": "postgres://jinpin@db.example.cn:5432/jinpin",
            "DATABASE_PREPARED_STATEMENTS": "0",
        },
        "-c",
        PROBE,
    )
    assert result.returncode == 0, result.stderr
    assert "server_side_binding" not in json.loads(result.stdout)["options"]


@pytest.mark.django_db
def test_postgresql_prepares_a_statement_a_connection_runs_repeatedly():
    from django.db import connection

    from accounts.models import User

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's: DATABASE_URL is not PostgreSQL")
    for _ in range(6):
        User.objects.filter(email="nobody@example.cn").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("nobody" not in s and "accounts_user" in s for s in prepared)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python(
        tmp_path, {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "jinpin.example.cn"}, "-c", PROBE
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_check_deploy_reports_no_issue_in_production(tmp_path):
    result = run_python(
        tmp_path,
        {
            "DJANGO_ENV": "production",
            "DEBUG": "0",
            "SECRET_KEY": "kP3v!q8Zr2mW9xT4nB7cL1dF6hJ0sG5yU8eA3oI2uR7tY4wQ9pZ-jinpin",
            "ALLOWED_HOSTS": "jinpin.example.cn",
        },
        "manage.py",
        "check",
        "--deploy",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


STORAGE_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "from django.core.files.storage import storages; "
    "print(json.dumps({'settings': settings.STORAGES, 'img': "
    "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
    "'private': type(storages['private']).__name__, 'log': settings.LOG_FORMAT}))"
)


def test_files_live_on_the_shared_volume_unless_an_object_store_is_given(tmp_path):
    result = run_python(tmp_path, {}, "-c", STORAGE_PROBE)
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["settings"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert config["private"] == "PrivateStorage"
    assert config["log"] == "text"


def test_storage_url_puts_public_and_private_files_in_one_bucket_under_two_prefixes(tmp_path):
    url = "s3://jinpin-app:p%40ss@minio.internal:9000/jinpin-files?region=cn-north-1&secure=0"
    result = run_python(tmp_path, {"STORAGE_URL": url}, "-c", STORAGE_PROBE)
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    default, private = config["settings"]["default"], config["settings"]["private"]
    assert default["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "jinpin-files"
    assert default["OPTIONS"]["endpoint_url"] == "http://minio.internal:9000"
    assert default["OPTIONS"]["access_key"] == "jinpin-app"
    assert default["OPTIONS"]["secret_key"] == "p@ss"
    assert default["OPTIONS"]["region_name"] == "cn-north-1"
    assert (default["OPTIONS"]["location"], private["OPTIONS"]["location"]) == ("media", "private")
    # Nothing public in the bucket: signed links, and the pages may show images from there.
    assert default["OPTIONS"]["querystring_auth"] is True
    assert default["OPTIONS"]["default_acl"] is None
    assert config["private"] == "S3Storage"
    assert "http://minio.internal:9000" in config["img"]


def test_a_bucket_name_alone_uses_the_aws_settings(tmp_path):
    env = {"AWS_STORAGE_BUCKET_NAME": "jinpin", "AWS_S3_ENDPOINT_URL": "https://oss.example.cn"}
    result = run_python(tmp_path, env, "-c", STORAGE_PROBE)
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)["settings"]["private"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("jinpin", "https://oss.example.cn")


@pytest.mark.parametrize("url", ["ftp://host/bucket", "s3://key:secret@host/", "s3://h/a/b"])
def test_a_storage_url_that_names_no_single_bucket_is_refused(tmp_path, url):
    result = run_python(tmp_path, {"STORAGE_URL": url}, "-c", STORAGE_PROBE)
    assert result.returncode != 0
    assert "STORAGE_URL" in result.stderr


def test_production_logs_json_lines(tmp_path):
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "y" * 60,
        "ALLOWED_HOSTS": "jinpin.example.cn",
    }
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('jinpin').warning('queue %s is long', 'search')"
    )
    result = run_python(tmp_path, env, "-c", code)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"]) == (
        "WARNING",
        "jinpin",
        "queue search is long",
    )
