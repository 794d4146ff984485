"""Copies GOV.UK Frontend's ready-built files from node_modules into the git-ignored static folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static" / "govuk"

_FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
_GDS_TRANSPORT = re.compile(r"GDS Transport,\s*")


def build_assets(*, node_modules: Path, target: Path = STATIC_DIR) -> Path:
    """Copy the distribution, drop the GDS Transport font (the service uses Arial) and point asset URLs here."""
    source = node_modules / "govuk-frontend" / "dist" / "govuk"
    if not source.is_dir():
        raise FileNotFoundError(f"{source} is missing: run 'npm ci' first.")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("govuk-frontend.min.js", "govuk-frontend.min.js.map"):
        shutil.copy2(source / name, target / name)
    shutil.copytree(source / "assets" / "images", target / "assets" / "images")
    css = (source / "govuk-frontend.min.css").read_text(encoding="utf-8")
    css = _FONT_FACE.sub("", css)
    css = _GDS_TRANSPORT.sub("", css).replace("font-family:GDS Transport", "font-family:arial")
    css = css.replace("url(/assets/", "url(assets/")
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    (target / "govuk-frontend.min.css").write_text(css, encoding="utf-8")
    return target
