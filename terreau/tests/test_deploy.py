"""Guards on the production configuration: Django's deploy checks and security headers."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse


def run_deploy_check(tmp_path, **extra_env) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x7!Qp2#Lr9@Vw4$Zt8^Ny3&Hb6*Km1(Jd5)Fs0-Gc2+Ua9=Ee-production-test-key",
        "ALLOWED_HOSTS": "terreau.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "TERREAU_DATA_DIR": str(tmp_path),
        **extra_env,
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "terreau", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_every_deploy_check(tmp_path):
    result = run_deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def secret_key_seen_by_a_new_process(env) -> str:
    script = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'terreau.settings'; "
        "django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_embedded_install_creates_and_keeps_its_own_secret_key(tmp_path):
    env = {**os.environ, "TERREAU_DATA_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    first = secret_key_seen_by_a_new_process(env)
    second = secret_key_seen_by_a_new_process(env)
    assert len(first) >= 50
    assert first == second
    assert oct((tmp_path / "secret-key").stat().st_mode)[-3:] == "600"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("pages:home"))
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
