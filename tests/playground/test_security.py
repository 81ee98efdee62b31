"""Static checks of the source tree: nothing runs or unpickles user input, no session's objects
are shared with another session, and Streamlit's own protections stay on.

Each rule is an AST check over engine/ and playground/; each checker is first shown to catch
a small bad example, so a rule that silently matches nothing would fail here.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from engine.upload import MAX_UPLOAD_MB

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("engine", "playground")

# Calls that run code or rebuild arbitrary Python objects from bytes.
FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__", "breakpoint"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "dill", "cloudpickle", "marshal", "shelve",
                     "joblib"}
FORBIDDEN_ATTRIBUTE_CALLS = {
    ("pd", "read_pickle"), ("pandas", "read_pickle"), ("torch", "load"),
    ("yaml", "load"), ("yaml", "unsafe_load"), ("os", "system"), ("os", "popen"),
}
# Methods that change a list, dict or set in place.
MUTATING_METHODS = {"append", "extend", "insert", "pop", "remove", "clear", "update",
                    "setdefault", "popitem", "add", "discard", "sort", "reverse"}
# Module-level calls that build stateless or immutable things (a component's declaration is a
# plain function that renders it; a logger is shared by design).
STATELESS_FACTORIES = {"getLogger", "TypeVar", "NewType", "namedtuple", "declare_component",
                       "frozenset", "tuple", "MappingProxyType", "Path", "compile"}
MUTABLE_FACTORIES = {"list", "dict", "set", "defaultdict", "OrderedDict", "deque", "Counter",
                     "bytearray"}
# Streamlit re-executes these files on every run of every session, in a fresh namespace, so
# their top-level names are per-run variables, not shared globals.
SCRIPT_FILES = ("playground/app.py", "playground/views/")
# st.cache_resource hands the SAME object to every session. Nothing in the playground needs
# that (st.cache_data returns each session its own copy); an entry here needs a reason.
CACHE_RESOURCE_ALLOWED: dict[str, str] = {}


def _source_files() -> list[Path]:
    files = [p for d in SOURCE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]
    assert files, "no source files found"
    return files


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _dotted(node: ast.AST) -> str:
    """'st.cache_resource' for an attribute chain, '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


# ---------------------------------------------------------------- checkers (pure: tree -> list)

def unsafe_code_uses(tree: ast.Module) -> list[str]:
    """eval/exec/compile, pickle-like modules, allow_pickle=True, np.load without
    allow_pickle=False, shell commands: one line per use found."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"line {node.lineno}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            builtin = isinstance(node.func, ast.Name) and name in FORBIDDEN_BUILTINS
            if builtin or tuple(name.split(".")[-2:]) in FORBIDDEN_ATTRIBUTE_CALLS:
                found.append(f"line {node.lineno}: {name}()")
            if "allow_pickle" in keywords and not (
                isinstance(keywords["allow_pickle"], ast.Constant)
                and keywords["allow_pickle"].value is False
            ):
                found.append(f"line {node.lineno}: {name}(allow_pickle=...) not False")
            elif name in {"np.load", "numpy.load"} and "allow_pickle" not in keywords:
                found.append(f"line {node.lineno}: {name}() without allow_pickle=False")
            shell = keywords.get("shell")
            if isinstance(shell, ast.Constant) and shell.value is True:
                found.append(f"line {node.lineno}: {name}(shell=True)")
    return found


def cache_resource_uses(tree: ast.Module) -> list[str]:
    """Functions cached with st.cache_resource (or the old st.experimental_singleton)."""
    found = []
    names = {"cache_resource", "experimental_singleton"}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if _dotted(target).split(".")[-1] in names:
                    found.append(f"line {node.lineno}: {node.name}")
        elif (isinstance(node, ast.Call) and _dotted(node.func).split(".")[-1] in names
              and node.args):  # st.cache_resource(fn) used as a plain call
            found.append(f"line {node.lineno}: {_dotted(node.func)}(...)")
    return found


def _is_mutable_value(value: ast.AST) -> bool:
    if isinstance(value, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp
                  | ast.SetComp):
        return True
    return isinstance(value, ast.Call) and _dotted(value.func).split(".")[-1] in MUTABLE_FACTORIES


def _is_constant_name(name: str) -> bool:
    return name.lstrip("_").isupper() or (name.startswith("__") and name.endswith("__"))


def mutable_globals(tree: ast.Module) -> list[str]:
    """Shared state in an imported module: `global` statements; lower-case module-level names
    bound to a container or an object; UPPER_CASE containers that the module mutates."""
    found = []
    containers = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        for target in targets:
            for node in ast.walk(target):
                if not isinstance(node, ast.Name):
                    continue
                if _is_constant_name(node.id):
                    if _is_mutable_value(value):
                        containers.add(node.id)
                elif _is_mutable_value(value) or (
                    isinstance(value, ast.Call)
                    and _dotted(value.func).split(".")[-1] not in STATELESS_FACTORIES
                ):
                    found.append(f"line {stmt.lineno}: module-level {node.id} = ...")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found.append(f"line {node.lineno}: global {', '.join(node.names)}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                if (isinstance(target, ast.Subscript | ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id in containers):
                    found.append(f"line {node.lineno}: {target.value.id} changed in place")
                elif isinstance(node, ast.AugAssign) and isinstance(target, ast.Name) \
                        and target.id in containers:
                    found.append(f"line {node.lineno}: {target.id} changed in place")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in MUTATING_METHODS
              and isinstance(node.func.value, ast.Name)
              and node.func.value.id in containers):
            found.append(f"line {node.lineno}: {node.func.value.id}.{node.func.attr}(...)")
    return found


# ------------------------------------------------------------- the checkers catch bad examples

@pytest.mark.parametrize(
    "snippet",
    [
        "eval(text)",
        "exec(code)",
        "import pickle",
        "from pickle import loads",
        "import dill as d",
        "np.load(f, allow_pickle=True)",
        "np.load(f)",
        "numpy.load(f, allow_pickle=flag)",
        "pd.read_pickle(path)",
        "subprocess.run(cmd, shell=True)",
        "import marshal.x",
    ],
)
def test_unsafe_code_check_catches(snippet):
    assert len(unsafe_code_uses(ast.parse(snippet))) == 1


@pytest.mark.parametrize(
    "snippet",
    [
        "np.load(f, allow_pickle=False)",
        "re.compile('a+')",
        "st.code('eval(x)')",
        "model.evaluate(x)",
        "import numpy as np",
    ],
)
def test_unsafe_code_check_passes_safe_code(snippet):
    assert unsafe_code_uses(ast.parse(snippet)) == []


def test_cache_resource_check_catches_each_spelling():
    source = (
        "@st.cache_resource\ndef a(): ...\n"
        "@st.cache_resource(ttl=60)\ndef b(): ...\n"
        "@cache_resource\ndef c(): ...\n"
        "d = st.cache_resource(make)\n"
        "@st.cache_data\ndef e(): ...\n"
    )
    assert [f.split(": ")[1] for f in cache_resource_uses(ast.parse(source))] == [
        "a", "b", "c", "st.cache_resource(...)"
    ]


def test_mutable_globals_check_catches_shared_state():
    source = (
        "history = []\n"                      # lower-case container
        "trainer = Trainer(net, X, Y)\n"      # lower-case object
        "RUNS = {}\n"                         # constant-looking container ...
        "def f(x):\n"
        "    global counter\n"                # a global statement
        "    RUNS[x] = 1\n"                   # ... that is changed in place
        "    RUNS.update(a=1)\n"
        "CHOICES = ['tanh', 'relu']\n"        # a constant list, never changed: fine
        "LIMIT = 64\n"
        "_LOGGER = logging.getLogger(__name__)\n"
        "log = logging.getLogger(__name__)\n"
        "_chart = components.declare_component('c', path=P)\n"
    )
    found = mutable_globals(ast.parse(source))
    assert [f.split(": ")[1] for f in found] == [
        "module-level history = ...", "module-level trainer = ...", "global counter",
        "RUNS changed in place", "RUNS.update(...)",
    ]


# ------------------------------------------------------------------- the rules, on the tree

def test_no_eval_exec_or_pickle_anywhere_in_engine_and_playground():
    found = [f"{_rel(p)} {use}" for p in _source_files() for use in unsafe_code_uses(_parse(p))]
    assert found == [], (
        "Code that runs or unpickles input (use json, or np.load(..., allow_pickle=False)):\n"
        + "\n".join(found)
    )


def test_no_per_user_object_in_st_cache_resource():
    found = [
        f"{_rel(p)} {use}"
        for p in _source_files()
        for use in cache_resource_uses(_parse(p))
        if _rel(p) + ":" + use.split(": ")[1] not in CACHE_RESOURCE_ALLOWED
    ]
    assert found == [], (
        "st.cache_resource shares ONE object between all sessions; use st.cache_data (a copy "
        "per session) or st.session_state:\n" + "\n".join(found)
    )


def test_no_module_level_mutable_state_in_playground_modules():
    modules = [
        p for p in _source_files()
        if _rel(p).startswith("playground/") and not _rel(p).startswith(SCRIPT_FILES)
    ]
    assert any(_rel(p) == "playground/fields/core.py" for p in modules)
    found = [f"{_rel(p)} {use}" for p in modules for use in mutable_globals(_parse(p))]
    assert found == [], (
        "A module is shared by every session: keep per-user state in st.session_state "
        "(UPPER_CASE constants are fine if never changed):\n" + "\n".join(found)
    )


def test_no_global_statement_in_pages():
    pages = [p for p in _source_files() if _rel(p).startswith(SCRIPT_FILES)]
    assert pages
    found = [
        f"{_rel(p)} line {n.lineno}" for p in pages for n in ast.walk(_parse(p))
        if isinstance(n, ast.Global)
    ]
    assert found == []


# ------------------------------------------------------------------ .streamlit/config.toml

@pytest.fixture(scope="module")
def server_config() -> dict:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        return tomllib.load(f).get("server", {})


def test_upload_size_is_capped_at_the_loaders_limit(server_config):
    # Streamlit refuses bigger files before our loader sees them; the loader's messages state
    # the same limit.
    cap = server_config.get("maxUploadSize")
    assert isinstance(cap, int)
    assert 1 <= cap <= 10
    assert cap == MAX_UPLOAD_MB


def test_streamlit_xsrf_and_cors_protections_stay_on(server_config):
    assert server_config.get("enableXsrfProtection") is True
    assert server_config.get("enableCORS") is True


def test_agent_api_and_remote_control_stay_off(server_config):
    # The experimental agent API drives the app over plain HTTP; a class does not need it.
    assert server_config.get("enableAgentApi", False) is False
    assert "corsAllowedOrigins" not in server_config
