"""DESIGN.md's 'never' rules that import contracts cannot see (lint-imports checks the layers).

Views and the API never write models: they call a service, which owns the transaction, the
permission check and the event row. Services, selectors, models, permissions and tasks never build
an HTTP response or render a page: they return rows and raise errors the views translate.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "associations",
    "jobs",
    "fairs",
    "candidates",
    "listings",
    "feedback",
    "outcomes",
    "search",
    "api",
    "core",
    "outbox",
]
WRITES = {
    "save",
    "delete",
    "create",
    "update",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
}
# What builds a response or renders a page (get_object_or_404 and Http404 are the access_*
# helpers' way to answer 404 and stay allowed).
RESPONSES = {
    "django.shortcuts": {"render", "redirect"},
    "django.http": {
        "HttpResponse",
        "HttpResponseRedirect",
        "JsonResponse",
        "FileResponse",
        "StreamingHttpResponse",
    },
    "django.template.response": {"TemplateResponse", "SimpleTemplateResponse"},
    "rest_framework.response": {"Response"},
}


def _modules(*names: str) -> list[Path]:
    found = []
    for app in APPS:
        for name in names:
            found += [ROOT / app / f"{name}.py", *sorted((ROOT / app / name).glob("*.py"))]
    return [path for path in found if path.is_file()]


def _dotted(node: ast.AST) -> str:
    """`a.b.c` of an attribute chain, with calls written as `()`: `User.objects.filter().update`."""
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_dotted(node.func)}()"
    if isinstance(node, ast.Name):
        return node.id
    return "?"


def _model_writes(path: Path, root: Path = ROOT) -> list[str]:
    """Calls that write rows: `.save()`/`.delete()` on anything, and the queryset writes on a
    chain through a manager (`X.objects…`, `x.related_set…`), not `dict.update()`."""
    writes = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        if method not in WRITES:
            continue
        chain = _dotted(node.func.value)
        through_manager = ".objects" in chain or "_set" in chain or chain.endswith("()")
        if method in ("save", "delete") or through_manager:
            writes.append(f"{path.relative_to(root)}:{node.lineno} {chain}.{method}()")
    return writes


def _response_imports(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module in RESPONSES:
            found += [
                f"{path.relative_to(root)}:{node.lineno} {node.module}.{alias.name}"
                for alias in node.names
                if alias.name in RESPONSES[node.module]
            ]
        if isinstance(node, ast.Import):
            found += [
                f"{path.relative_to(root)}:{node.lineno} import {alias.name}"
                for alias in node.names
                if alias.name in RESPONSES
            ]
    return found


def test_the_checks_find_what_they_look_for(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "from django.shortcuts import get_object_or_404, render\n"
        "def view(request):\n"
        "    context = {}\n"
        "    context.update(a=1)\n"
        "    Position.objects.filter(pk=1).update(status='closed')\n"
        "    request.user.save()\n"
        "    Token.objects.get_or_create(user=request.user)\n"
    )
    writes = [line.split(" ", 1)[1] for line in _model_writes(sample, tmp_path)]
    assert writes == [
        "Position.objects.filter().update()",
        "request.user.save()",
        "Token.objects.get_or_create()",
    ]
    assert len(_response_imports(sample, tmp_path)) == 1


@pytest.mark.parametrize("path", _modules("views", "api"), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_the_api_never_write_models_they_call_services(path):
    assert _model_writes(path) == []


@pytest.mark.parametrize(
    "path",
    _modules("services", "selectors", "models", "permissions", "tasks"),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_services_and_selectors_never_build_responses_or_pages(path):
    assert _response_imports(path) == []
