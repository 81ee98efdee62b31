"""The live pages' controls, each declared once in its page's table.

- ``core``: ``FieldSpec`` (one control: kind, range or choices, default, group, label, help,
  URL name and effect), ``Group``, ``PageFields`` (a page's table), the ``Setup`` value
  object and ``validate``.
- ``parse``: the parsers and clamps behind ``validate``; they never let a value through
  unchecked and never raise past it.
- ``common``: the fields both pages share, their sidebar groups, the engine registries.
- ``playground_page``, ``housing_page``: each page's table (``PLAYGROUND``, ``HOUSING``).

The sidebar (``playground.controls``), the URL (``playground.urlstate``), the setup file
(``playground.exports``) and the Session's reset logic (``playground.state``) are built
from a page's table. No Streamlit or Plotly here.
"""

from playground.fields.common import (
    INIT_SCALE_MAX,
    INIT_SCALE_MIN,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    default_init_scale,
    registry_names,
)
from playground.fields.core import (
    DEFAULT_TASK,
    EFFECTS,
    FieldSpec,
    Group,
    PageFields,
    Setup,
    contextual_default,
    default_setup,
    page_for,
    spec_anywhere,
    tasks,
    validate,
)
from playground.fields.housing_page import HOUSING, HOUSING_FEATURES, HOUSING_ROWS
from playground.fields.parse import MAX_NOTICES, fmt, limit_notices, normalize_name, show
from playground.fields.playground_page import PLAYGROUND

# Every live page's table, by name: a new page adds its module and one entry here.
PAGES = {page.name: page for page in (PLAYGROUND, HOUSING)}
TASKS = tasks()

__all__ = [
    "DEFAULT_TASK",
    "EFFECTS",
    "HOUSING",
    "HOUSING_FEATURES",
    "HOUSING_ROWS",
    "INIT_SCALE_MAX",
    "INIT_SCALE_MIN",
    "MAX_HIDDEN_LAYERS",
    "MAX_NOTICES",
    "MAX_UNITS",
    "PAGES",
    "PLAYGROUND",
    "TASKS",
    "FieldSpec",
    "Group",
    "PageFields",
    "Setup",
    "contextual_default",
    "default_init_scale",
    "default_setup",
    "fmt",
    "limit_notices",
    "normalize_name",
    "page_for",
    "registry_names",
    "show",
    "spec_anywhere",
    "validate",
]
