"""Write SHA256SUMS for a built bundle, or check a bundle against it, offline.

    python tools/make_checksums.py dist/coalition-desk            # writes .../SHA256SUMS
    python tools/make_checksums.py --check dist/coalition-desk    # exit 1 on any mismatch

The file is in the format of GNU ``sha256sum`` (two spaces, paths relative to the bundle,
forward slashes), so a laptop checks it with the tools it already has:
``cd coalition-desk && sha256sum -c SHA256SUMS`` (Linux), ``shasum -a 256 -c SHA256SUMS``
(macOS), or the PowerShell lines in docs/packaging.md (Windows).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

MANIFEST = "SHA256SUMS"


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def bundle_files(bundle: Path) -> list[Path]:
    # Symbolic links point inside the bundle and their targets are listed themselves.
    return sorted(
        path
        for path in bundle.rglob("*")
        if path.is_file() and not path.is_symlink() and path.name != MANIFEST
    )


def write(bundle: Path) -> Path:
    lines = [f"{digest(p)}  {p.relative_to(bundle).as_posix()}\n" for p in bundle_files(bundle)]
    target = bundle / MANIFEST
    target.write_text("".join(lines), encoding="utf-8", newline="\n")
    return target


def check(bundle: Path) -> list[str]:
    """Problems found: changed, missing or unlisted files."""
    listed: dict[str, str] = {}
    for line in (bundle / MANIFEST).read_text(encoding="utf-8").splitlines():
        expected, name = line.split("  ", 1)
        listed[name] = expected
    problems = []
    present = {p.relative_to(bundle).as_posix(): p for p in bundle_files(bundle)}
    for name, expected in listed.items():
        if name not in present:
            problems.append(f"missing: {name}")
        elif digest(present[name]) != expected:
            problems.append(f"changed: {name}")
    problems.extend(f"not in {MANIFEST}: {name}" for name in sorted(set(present) - set(listed)))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the onedir folder, e.g. dist/coalition-desk")
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    args = parser.parse_args()
    if args.check:
        problems = check(args.bundle)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{args.bundle}: {'FAILED' if problems else 'all files match'} {MANIFEST}")
        return 1 if problems else 0
    target = write(args.bundle)
    count = len(target.read_text(encoding="utf-8").splitlines())
    print(f"wrote {target} ({count} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
