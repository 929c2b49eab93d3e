"""docker-compose.yml and the Dockerfile name services, modules, settings and files that exist.

Docker is not needed: the files are read as text (PyYAML, a dev dependency, parses the compose
file). The tests check what the files point at and the invariants of the stack (one beat, data
in volumes, a health check per service), not the values they are written with.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
IMAGE_WORKDIR = "/app"  # the Dockerfile's WORKDIR, where `COPY . .` puts the repository
PORTAL_SERVICES = ("web", "worker", "beat")


def _load_compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return loaded


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return _load_compose()


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


def _argv(value: str | list[str] | None) -> list[str]:
    """A command as the container gets it; compose turns `$$` into a literal `$`."""
    if value is None:
        return []
    parts = shlex.split(value) if isinstance(value, str) else [str(part) for part in value]
    return [part.replace("$$", "$") for part in parts]


def _option(argv: list[str], *names: str) -> list[str]:
    """The values given to an option, as `--name value`, `--name=value` or `-n value`."""
    values = []
    for index, arg in enumerate(argv):
        for name in names:
            if arg == name and index + 1 < len(argv):
                values.append(argv[index + 1])
            elif arg.startswith(f"{name}="):
                values.append(arg.split("=", 1)[1])
    return values


def _healthcheck_argv(service: dict[str, Any]) -> list[str]:
    test = _argv(service["healthcheck"]["test"])
    if test[0] == "CMD-SHELL":
        return shlex.split(" ".join(test[1:]))
    return test[1:] if test[0] == "CMD" else test


def _commands(service: dict[str, Any]) -> list[list[str]]:
    """Every command line a service runs: its entrypoint, command and health check."""
    lines = [_argv(service.get(key)) for key in ("entrypoint", "command")]
    if "healthcheck" in service:
        lines.append(_healthcheck_argv(service))
    return [line for line in lines if line]


def _module_binds(module: str, name: str) -> bool:
    """Whether the module's source assigns `name` at its top level (without importing it)."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin, f"module {module} does not exist"
    tree = ast.parse(Path(spec.origin).read_text())
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            return True
    return False


def test_every_service_has_a_health_check(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        test = _argv(service.get("healthcheck", {}).get("test"))
        assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name} has no health check"
    # Beat answers `celery inspect ping` only when started with remote control.
    beat_check = _healthcheck_argv(services["beat"])
    if "ping" in beat_check:
        assert "--enable-remote-control" in _argv(services["beat"]["command"])


def test_exactly_one_beat(services: dict[str, dict[str, Any]]) -> None:
    running_beat = [
        name
        for name, service in services.items()
        for argv in [_argv(service.get("command"))]
        if argv[:1] == ["celery"] and ("beat" in argv or "-B" in argv or "--beat" in argv)
    ]
    assert running_beat == ["beat"]
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_the_portal_services_keep_files_where_the_image_expects(
    services: dict[str, dict[str, Any]],
) -> None:
    # .env may name other folders (for a machine without Docker); the image's win here.
    image_env = _dockerfile_env()
    for name in PORTAL_SERVICES:
        environment = services[name]["environment"]
        for folder in ("STATIC_ROOT", "MEDIA_ROOT"):
            assert environment[folder] == image_env[folder], f"{name}: {folder}"


def test_every_module_and_settings_named_in_a_command_exists(
    services: dict[str, dict[str, Any]],
) -> None:
    checked = set()
    for name, service in services.items():
        for argv in _commands(service):
            for arg in argv:
                match = re.fullmatch(r"([A-Za-z_][\w.]*):([A-Za-z_]\w*)", arg)
                if match and argv[0] in ("gunicorn", "uvicorn"):
                    module, attribute = match.groups()
                    assert _module_binds(module, attribute), f"{name}: {arg} does not exist"
                    checked.add(arg)
                if arg.startswith(f"{IMAGE_WORKDIR}/"):
                    path = ROOT / arg.removeprefix(f"{IMAGE_WORKDIR}/")
                    assert path.is_file(), f"{name}: {arg} is not in the repository"
                    checked.add(arg)
            for app in _option(argv, "-A", "--app"):
                assert isinstance(find_app(app), Celery), f"{name}: no Celery app in {app}"
                checked.add(app)
            for settings_module in _option(argv, "--settings"):
                assert importlib.util.find_spec(settings_module), f"{name}: {settings_module}"
                checked.add(settings_module)
        settings_module = (service.get("environment") or {}).get("DJANGO_SETTINGS_MODULE")
        if settings_module:
            assert importlib.util.find_spec(settings_module), f"{name}: {settings_module}"
            checked.add(settings_module)
    # The concrete names, so that a reader that found nothing cannot pass.
    assert checked >= {
        "aer_portal.wsgi:application",
        "aer_portal",
        "aer_portal.settings.production",
        "/app/docker/healthcheck.py",
    }


def test_data_lives_in_named_volumes(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    declared = set(compose["volumes"])

    def mounts(name: str) -> dict[str, str]:
        pairs = (str(volume).split(":")[:2] for volume in services[name].get("volumes", []))
        return {target: source for source, target in pairs}

    assert mounts("db")["/var/lib/postgresql/data"] in declared
    media_root = services["web"]["environment"]["MEDIA_ROOT"]
    for name in ("web", "worker"):
        assert mounts(name)[media_root] in declared, f"{name} keeps media outside a volume"
    (schedule,) = _option(_argv(services["beat"]["command"]), "--schedule", "-s")
    assert mounts("beat")[str(Path(schedule).parent)] in declared


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def _dockerfile_env() -> dict[str, str]:
    variables = {}
    for keyword, rest in _dockerfile_instructions():
        if keyword == "ENV":
            variables.update(arg.split("=", 1) for arg in shlex.split(rest) if "=" in arg)
    return variables


def test_the_dockerfile_copies_files_that_exist_and_the_build_does_not_ignore() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    sources = []
    for keyword, rest in _dockerfile_instructions():
        if keyword != "COPY":
            continue
        args = shlex.split(rest)
        if any(arg.startswith("--from=") for arg in args):
            continue  # from an earlier build stage, not from the repository
        sources += [arg for arg in args[:-1] if not arg.startswith("--")]
    assert "requirements/base.lock" in sources and "package-lock.json" in sources
    for source in sources:
        assert source == "." or list(ROOT.glob(source)), f"COPY {source}: not in the repository"
        assert source not in ignored, f"COPY {source}: excluded by .dockerignore"
    assert {".env", ".venv", "node_modules"} <= ignored


def test_the_dockerfile_runs_as_a_user_and_commands_that_exist() -> None:
    instructions = _dockerfile_instructions()
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    users = [rest for keyword, rest in instructions if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    known_commands = get_commands()
    for command in re.findall(r"manage\.py (\w+)", runs):
        assert command in known_commands, f"manage.py {command} does not exist"
    entrypoint = json.loads(dict(instructions)["ENTRYPOINT"])
    assert entrypoint[-1].startswith(f"{IMAGE_WORKDIR}/")
    script = ROOT / entrypoint[-1].removeprefix(f"{IMAGE_WORKDIR}/")
    assert script.is_file()
    assert "manage.py migrate" in script.read_text()
    (module, attribute) = json.loads(dict(instructions)["CMD"])[1].split(":")
    assert _module_binds(module, attribute)
