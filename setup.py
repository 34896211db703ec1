"""Package list for setuptools; all other metadata is in pyproject.toml.

The root folder resources/ is installed as `multitrack_desktop.resources`, so fonts and the demo workshop
travel inside the wheel. A declarative `packages.find` cannot add a package mapped from another folder, and a
hand-written list would silently drop every subpackage added later; hence this file. The data folders inside
resources/ are listed as (namespace) packages too, which is how setuptools wants nested data declared.
"""

from setuptools import find_namespace_packages, find_packages, setup

setup(
    packages=[
        *find_packages(include=["multitrack_desktop", "multitrack_desktop.*"]),
        "multitrack_desktop.resources",
        *(
            f"multitrack_desktop.resources.{name}"
            for name in find_namespace_packages(where="resources", exclude=["*__pycache__*"])
        ),
    ],
    package_dir={"multitrack_desktop.resources": "resources"},
)
