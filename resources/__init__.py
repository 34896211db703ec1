"""Data files shipped with the app (fonts, icons, the demo workshop); find them with `resource_path`.

This folder sits at the project root and is installed as the package `multitrack_desktop.resources`.
"""
