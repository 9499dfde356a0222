"""Compile a build's Python sources to cp313 bytecode, for Lambda's read-only code directories.

Lambda cannot write __pycache__ next to /var/task or /opt/python, so modules shipped without
bytecode are compiled from source at every cold start. Shipping the .pyc files avoids that.

It also fills the readwell layer's Jinja template cache (readwell/template_cache), so the first
render of each page loads compiled templates instead of parsing them.

Usage (after `sam build`, or inside a build-<LogicalId> target, on the artifacts directory):
    python3.13 -m local.build.bytecode .aws-sam/build/CoreLayer .aws-sam/build/SiteFunction
The interpreter must be the Lambda runtime's minor version (3.13): a .pyc is only used by the
version that wrote it. Unchecked-hash pycs are used whatever the files' timestamps become in the
zip, and are valid because deployed code never changes in place.
"""

from __future__ import annotations

import argparse
import compileall
import py_compile
import subprocess  # runs this Python only  # nosec B404
import sys
from pathlib import Path

RUNTIME = (3, 13)


def compile_tree(directory: Path) -> bool:
    """Write __pycache__/*.cpython-313.pyc beside every .py under directory; True if all compiled."""
    return bool(
        compileall.compile_dir(
            str(directory),
            quiet=2,
            workers=1,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
    )


def compile_templates(layer: Path) -> int:
    """Fill the Jinja template cache of the readwell package under layer (see web/rendering.py)."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from readwell.web import rendering; print(rendering.precompile())"
    )
    done = subprocess.run([sys.executable, "-c", code, str(layer)], capture_output=True, text=True, check=True)  # nosec B603
    return int(done.stdout.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directories", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if sys.version_info[:2] != RUNTIME:
        wanted = f"{RUNTIME[0]}.{RUNTIME[1]}"
        print(f"needs Python {wanted} (the Lambda runtime), not {sys.version.split()[0]}", file=sys.stderr)
        return 2
    for directory in args.directories:
        for layer in (directory, directory / "python"):  # a layer artifact keeps packages in python/
            if (layer / "readwell" / "templates").is_dir():
                compile_templates(layer)  # before compile_tree, so nothing is left uncompiled
    failed = [str(d) for d in args.directories if not compile_tree(d)]
    for directory in failed:
        print(f"some files under {directory} did not compile", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
