"""docker-compose.yml and the Dockerfile name services, modules, settings and files that exist.

Docker is not needed: the files are read as text. PyYAML parses the compose file when it is
installed; otherwise a strict reader of the YAML subset the file is written in does, and it
refuses anything outside that subset rather than guessing.
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
from celery import Celery
from celery.app.utils import find_app
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
IMAGE_WORKDIR = "/app"  # the Dockerfile's WORKDIR, where `COPY . .` puts the repository
PORTAL_SERVICES = ("web", "worker", "beat")


# A reader for the subset of YAML the compose file uses: block mappings, block sequences of
# scalars, JSON-style flow sequences, quoted and plain scalars, anchors on mappings and `<<`
# merges. Anything else raises, so the file cannot drift into YAML this reader misreads.
class _Unsupported(ValueError):
    pass


def _strip_comment(line: str) -> str:
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index].rstrip()
    return line.rstrip()


def _scalar(text: str, anchors: dict[str, Any]) -> Any:
    text = text.strip()
    if text.startswith("*"):
        return anchors[text[1:]]
    if text.startswith(("[", '"')):
        return json.loads(text)
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    if text.startswith(("{", "&", "|", ">", "!")):
        raise _Unsupported(f"unsupported YAML value: {text!r}")
    if text in ("", "~", "null"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if text in ("yes", "no", "on", "off", "True", "False", "TRUE", "FALSE"):
        raise _Unsupported(f"ambiguous YAML boolean: {text!r}; write true, false or a string")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d*", text):
        return float(text)
    return text


def _parse_block(
    lines: list[tuple[int, str]], start: int, indent: int, anchors: dict[str, Any]
) -> tuple[Any, int]:
    """The mapping or sequence whose lines start at `start` with this indent; and the next line."""
    is_sequence = lines[start][1].startswith("- ")
    result: Any = [] if is_sequence else {}
    index = start
    while index < len(lines):
        line_indent, text = lines[index]
        if line_indent < indent:
            break
        if line_indent > indent:
            raise _Unsupported(f"unexpected indentation: {text!r}")
        index += 1
        if is_sequence:
            if not text.startswith("- "):
                raise _Unsupported(f"mapping key in a sequence: {text!r}")
            if re.match(r"[\w.-]+:( |$)", text[2:]):
                raise _Unsupported(f"mapping in a sequence: {text!r}")
            result.append(_scalar(text[2:], anchors))
            continue
        key, separator, rest = text.partition(":")
        if not separator or (rest and not rest.startswith(" ")):
            raise _Unsupported(f"not a `key: value` line: {text!r}")
        rest = rest.strip()
        anchor = ""
        if rest.startswith("&"):
            anchor, _, rest = rest[1:].partition(" ")
        if rest:
            value = _scalar(rest, anchors)
        elif index < len(lines) and lines[index][0] > indent:
            value, index = _parse_block(lines, index, lines[index][0], anchors)
        else:
            value = None
        if anchor:
            anchors[anchor] = value
        if key == "<<":
            result = {**value, **result}
        else:
            result[key] = value
    return result, index


def _read_yaml_subset(text: str) -> Any:
    lines = []
    for raw in text.splitlines():
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise _Unsupported("tabs in indentation")
        line = _strip_comment(raw)
        if line.strip():
            lines.append((len(line) - len(line.lstrip(" ")), line.strip()))
    value, _ = _parse_block(lines, 0, 0, {})
    return value


def _load_compose() -> dict[str, Any]:
    text = COMPOSE_FILE.read_text()
    if importlib.util.find_spec("yaml") is not None:
        import yaml

        loaded: dict[str, Any] = yaml.safe_load(text)
        return loaded
    subset: dict[str, Any] = _read_yaml_subset(text)
    return subset


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


def test_the_stack_has_the_seven_services(services: dict[str, dict[str, Any]]) -> None:
    assert set(services) == {"web", "worker", "beat", "db", "redis", "mail", "backup"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert services["mail"]["image"].startswith("axllent/mailpit:")


def test_every_service_has_a_health_check(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        test = _argv(service.get("healthcheck", {}).get("test"))
        assert test and test[0] in ("CMD", "CMD-SHELL"), f"{name} has no health check"
    assert _healthcheck_argv(services["web"]) == ["python", "/app/docker/healthcheck.py"]
    assert "/healthz?scope=web" in (ROOT / "docker" / "healthcheck.py").read_text()
    assert _healthcheck_argv(services["db"])[0] == "pg_isready"
    assert _healthcheck_argv(services["redis"]) == ["redis-cli", "ping"]
    assert _healthcheck_argv(services["worker"])[:5] == [
        "celery",
        "-A",
        "aer_portal",
        "inspect",
        "ping",
    ]
    assert _option(_healthcheck_argv(services["worker"]), "--destination", "-d") == [
        "celery@$HOSTNAME"
    ]
    # Beat answers the ping only when started with remote control.
    assert _option(_healthcheck_argv(services["beat"]), "--destination", "-d") == [
        "celerybeat@$HOSTNAME"
    ]
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


def test_web_worker_and_beat_run_the_portal(services: dict[str, dict[str, Any]]) -> None:
    assert _argv(services["web"]["command"])[:2] == ["gunicorn", "aer_portal.wsgi:application"]
    assert _argv(services["worker"]["command"])[:4] == ["celery", "-A", "aer_portal", "worker"]
    assert _argv(services["beat"]["command"])[:4] == ["celery", "-A", "aer_portal", "beat"]
    for name in PORTAL_SERVICES:
        service = services[name]
        assert service["env_file"] == ".env", f"{name} does not read .env"
        environment = service["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "aer_portal.settings.production"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
        assert environment["EMAIL_HOST"] == "mail" and str(environment["EMAIL_PORT"]) == "1025"
        # .env may name other folders (for a machine without Docker); the image's win here.
        for folder in ("STATIC_ROOT", "MEDIA_ROOT"):
            assert environment[folder] == _dockerfile_env()[folder], f"{name}: {folder}"


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


def test_the_dockerfile_builds_from_the_locks_and_runs_as_a_user() -> None:
    instructions = _dockerfile_instructions()
    (first_from, *_) = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert first_from.startswith("python:3.11-slim-bookworm")
    runs = " ".join(rest for keyword, rest in instructions if keyword == "RUN")
    assert "pip install -r /tmp/base.lock" in runs
    assert "npm ci" in runs
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "gettext"):
        assert package in runs
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
    cmd = json.loads(dict(instructions)["CMD"])
    assert cmd[:2] == ["gunicorn", "aer_portal.wsgi:application"]


def test_the_yaml_subset_reader_handles_anchors_merges_and_refuses_the_rest() -> None:
    text = """
x-base: &base
  image: portal  # a comment
  environment: &env
    A: "1"
services:
  web:
    <<: *base
    environment:
      <<: *env
      B: 'two'
    command: ["gunicorn", "a:b"]
    ports:
      - "8000:8000"
volumes:
  data:
"""
    assert _read_yaml_subset(text) == {
        "x-base": {"image": "portal", "environment": {"A": "1"}},
        "services": {
            "web": {
                "image": "portal",
                "environment": {"A": "1", "B": "two"},
                "command": ["gunicorn", "a:b"],
                "ports": ["8000:8000"],
            }
        },
        "volumes": {"data": None},
    }
    with pytest.raises(_Unsupported):
        _read_yaml_subset("key: |\n  block text\n")
    with pytest.raises(_Unsupported):
        _read_yaml_subset("services:\n  - name: web\n    image: x\n")
