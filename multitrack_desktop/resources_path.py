"""Where the app's data files (fonts, icons, demo workshop) are, however the app was installed.

From a wheel they sit inside the package (`multitrack_desktop/resources/`); in an editable install or a plain
checkout they stay in the project root's `resources/` folder, which setup.py maps onto the same package.
"""

from __future__ import annotations

import importlib.util
import pathlib

_PACKAGE_DIR = pathlib.Path(__file__).resolve().parent


def _resources_root() -> pathlib.Path:
    inside = _PACKAGE_DIR / "resources"
    if inside.is_dir():
        return inside
    # Editable install: setuptools' finder knows where the mapped package lives.
    spec = importlib.util.find_spec("multitrack_desktop.resources")
    if spec is not None and spec.submodule_search_locations:
        return pathlib.Path(next(iter(spec.submodule_search_locations))).resolve()
    return _PACKAGE_DIR.parent / "resources"  # a checkout on sys.path without any install


_ROOT = _resources_root()


def resource_path(*parts: str) -> pathlib.Path:
    """The path of a shipped data file, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``.

    The path is returned whether or not the file exists, so callers can say which file is missing.
    """
    return _ROOT.joinpath(*parts)
