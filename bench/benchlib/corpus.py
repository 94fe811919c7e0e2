"""The files every side lints: Django's sdist by default, or a folder given on the command line."""

from __future__ import annotations

import argparse
import os
import shutil
import tarfile
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterable

from benchlib.model import WORK, Corpus, log
from benchlib.venvs import check_call

#: flake8's own default --exclude: the corpus walk skips the same folders.
FLAKE8_EXCLUDE = (".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg")


def safe_extract(archive: tarfile.TarFile, dest: Path) -> None:
    """Unpack an sdist, refusing members that would land outside ``dest``."""
    if hasattr(tarfile, "data_filter"):
        archive.extractall(dest, filter="data")
        return
    base = dest.resolve()
    for member in archive.getmembers():
        target = (dest / member.name).resolve()
        if (base not in target.parents and target != base) or member.issym() or member.islnk():
            raise SystemExit(f"bench: unsafe member {member.name!r} in the sdist")
    archive.extractall(dest)  # members checked above (Python without tarfile filters)


def find_file(folder: Path, name: str) -> Path | None:
    """The file of ``folder`` whose name is ``name`` ignoring case (old sdists say Django-x.y)."""
    return next((p for p in folder.iterdir() if p.name.lower() == name.lower()), None)


def django_corpus(version: str, pip_python: Path) -> tuple[str, Path]:
    """Download Django's sdist from PyPI into bench/work/ (once) and unpack it; return label and root."""
    downloads = WORK / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    name = f"django-{version}.tar.gz"
    sdist = find_file(downloads, name)
    if sdist is None:
        log(f"corpus: downloading Django {version} (sdist) from PyPI")
        check_call([pip_python, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "--ignore-requires-python", "--dest", downloads, f"django=={version}"])
        sdist = find_file(downloads, name)
        if sdist is None:
            raise SystemExit(f"bench: pip download did not produce {name} in {downloads}")
    top = WORK / "corpus" / sdist.name[: -len(".tar.gz")]
    if not (top / "django").is_dir():
        log(f"corpus: unpacking {sdist.name}")
        if top.exists():
            shutil.rmtree(top)
        with tarfile.open(sdist) as archive:
            safe_extract(archive, top.parent)
    if not (top / "django").is_dir():
        raise SystemExit(f"bench: {top / 'django'} not found after unpacking {sdist}")
    return f"Django {version} (PyPI sdist {sdist.name}), its django/ package", top


def collect_files(root: Path, target: Path, limit: int | None) -> list[str]:
    """The .py files under ``target`` (flake8's default excludes skipped), relative to ``root``, sorted."""
    if target.is_file():
        return [target.relative_to(root).as_posix()]
    files: list[str] = []
    for folder, dirs, names in os.walk(target):
        dirs[:] = [d for d in dirs if not any(fnmatch(d, pattern) for pattern in FLAKE8_EXCLUDE)]
        files.extend((Path(folder) / n).relative_to(root).as_posix() for n in names if n.endswith(".py"))
    files.sort()
    return files[:limit] if limit else files


def count_lines(root: Path, files: Iterable[str]) -> int:
    """Physical lines in the given files."""
    return sum(len((root / name).read_bytes().splitlines()) for name in files)


def make_corpus(args: argparse.Namespace, pip_python: Path) -> Corpus:
    """The corpus chosen on the command line, or Django by default."""
    if args.corpus:
        target = Path(args.corpus).resolve()
        if not target.exists():
            raise SystemExit(f"bench: corpus {target} does not exist")
        root = target if target.is_dir() else target.parent
        label = f"{target.name} ({target})"
        key = target.name
    else:
        label, top = django_corpus(args.django_version, pip_python)
        root, target = top, top / "django"
        key = f"{top.name}/django"
    files = collect_files(root, target, args.limit)
    if not files:
        raise SystemExit(f"bench: no .py file under {target}")
    if args.limit:
        label += f", first {len(files)} .py files (--limit {args.limit})"
        key += f", first {len(files)} files"
    corpus = Corpus(label, root, files, key=key)
    corpus.lines = count_lines(root, files)
    return corpus
