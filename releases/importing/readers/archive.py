"""Folders and .zip archives of releases.

In: a folder's path, or the bytes of a .zip. Out: (name, bytes) of each file in it, in
the order of their names, for `readers.read_file`; and a lookup of the archive's other
files by path (a WordPress export's images).

Limits, so that a hostile archive costs little: at most `MAX_FILES` files and
`MAX_TOTAL` bytes unpacked, each file at most `MAX_FILE` and compressed at most
`MAX_RATIO` to one (zip bombs); names are only names (nothing is written to disk, so
"../" leads nowhere); an archive inside an archive is read one level deep, no deeper.
Hidden files and macOS's "__MACOSX" folders are skipped.
"""

import zipfile
from io import BytesIO
from pathlib import Path, PurePosixPath

MAX_FILES = 2000
MAX_FILE = 20 * 1024 * 1024
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_DEPTH = 2


class ArchiveError(ValueError):
    pass


def _skipped(parts):
    # "..": only a name here (nothing is written to disk), not a hidden file.
    return any(
        (part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts
    )


def zip_members(data):
    """[(name, bytes or error message)] of the files in a .zip."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ArchiveError(f"this .zip cannot be opened ({error})") from None
    members = [info for info in archive.infolist() if not info.is_dir()]
    members = [info for info in members if not _skipped(PurePosixPath(info.filename).parts)]
    if len(members) > MAX_FILES:
        raise ArchiveError(f"this .zip holds {len(members):,} files; at most {MAX_FILES:,}")
    total, out = 0, []
    for info in sorted(members, key=lambda info: info.filename):
        name = info.filename
        if info.file_size > MAX_FILE:
            out.append((name, f"too large once unpacked ({info.file_size:,} bytes)"))
            continue
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            out.append((name, "compressed suspiciously well (a zip bomb?): not read"))
            continue
        total += info.file_size
        if total > MAX_TOTAL:
            raise ArchiveError(f"this .zip unpacks to more than {MAX_TOTAL // 2**20} MB")
        try:
            with archive.open(info) as member:
                content = member.read(MAX_FILE + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as error:
            out.append((name, f"cannot be read ({error})"))
            continue
        if len(content) > MAX_FILE:
            out.append((name, "too large once unpacked"))
            continue
        out.append((name, content))
    return out


def folder_files(path):
    """[(name, Path)] of the files under a folder, hidden ones left out."""
    root = Path(path)
    files = []
    for file in sorted(root.rglob("*")):
        relative = file.relative_to(root)
        if file.is_file() and not _skipped(relative.parts):
            files.append((str(relative), file))
    if len(files) > MAX_FILES * 10:
        raise ArchiveError(f"this folder holds {len(files):,} files: import it in parts")
    return files


class FileLookup:
    """Finds a file of the archive or folder by the end of its path: an image of a
    WordPress post, "https://old.example.org/wp-content/uploads/2019/03/rally.jpg", is
    found as "wp-content/uploads/2019/03/rally.jpg", "uploads/2019/03/rally.jpg",
    "2019/03/rally.jpg" or "rally.jpg" anywhere in it."""

    def __init__(self, files):
        self.files = {}  # path suffix -> loader
        for name, load in files:
            parts = PurePosixPath(name.replace("\\", "/")).parts
            for start in range(len(parts)):
                self.files.setdefault("/".join(parts[start:]).lower(), load)

    def find(self, address):
        path = PurePosixPath(address.split("?")[0].split("#")[0])
        parts = [part for part in path.parts if part not in ("/", "")]
        for start in range(len(parts)):
            load = self.files.get("/".join(parts[start:]).lower())
            if load is not None:
                data = load()
                return data if isinstance(data, bytes) and len(data) <= MAX_FILE else None
        return None
