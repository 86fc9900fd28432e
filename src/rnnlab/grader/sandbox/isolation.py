"""Official grading: what a learner's worker may read, start and reach, enforced in layers.

In official grading (``grade --official``, ``grade-all``, the Gradescope image) the learner's
code may read only its own submission and the Python runtime it needs (the standard library and
NumPy); it may not read solutions, tests, references, the checkout or other submissions, start
processes, open sockets, load native code of its own, or (in a NumPy exercise) import a
framework. :func:`isolate` runs in the worker after it has imported its own modules and NumPy,
and before it imports the learner's module. Each layer alone can be bypassed; together one
bypass is not enough:

1. **Landlock** (Linux 5.13+, unprivileged): the kernel refuses to open any file outside the
   allowed folders, any write, any TCP bind or connect (ABI 4+), and signals or abstract
   sockets reaching outside the worker (ABI 6+).
2. **As root** (Gradescope, CI containers): a new, empty network namespace, then a drop to the
   unprivileged user ``nobody``, which cannot read a source tree kept private to root.
3. **A PEP 578 audit hook**, everywhere (macOS and Windows too): refuses process creation,
   sockets, ``ctypes``, writes, and opens or listings outside the allowed folders. It is the
   portable layer, not the only one: an audit hook alone can be bypassed.

Every refusal is remembered in :data:`REFUSED`, so the worker fails the exercise with the
reason even when the learner's code catches the ``PermissionError``.
"""

from __future__ import annotations

import ctypes
import os
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rnnlab.grader.sandbox.protocol import FRAMEWORKS
from rnnlab.i18n import catalogue, current_language, text

REFUSED: list[str] = []  # what the learner's code tried and was refused, in order

NOBODY = 65534  # uid and gid of `nobody` on Linux
# Modules whose only use in an exercise would be to escape it; refused when first imported.
ESCAPE_MODULES = (
    "subprocess",
    "_posixsubprocess",
    "multiprocessing",
    "_multiprocessing",
    "socket",
    "_socket",
    "ctypes",
    "_ctypes",
    "pty",
)
# Audit events refused outright, by prefix, with what they mean to a learner: the key, under
# ``isolation.``, of the message that names the action in the learner's language.
REFUSED_EVENTS = {
    "subprocess.": "process",
    "os.system": "process",
    "os.exec": "process",
    "os.posix_spawn": "process",
    "os.spawn": "process",
    "os.fork": "process",
    "os.startfile": "process",
    "pty.spawn": "process",
    "webbrowser.": "process",
    "os.kill": "signal_other",
    "os.killpg": "signal_other",
    "signal.pthread_kill": "signal",
    "socket.": "socket",
    "ctypes.": "native",
    "sqlite3.": "database",
    "os.remove": "change_files",
    "os.rename": "change_files",
    "os.mkdir": "change_files",
    "os.rmdir": "change_files",
    "os.chmod": "change_files",
    "os.chown": "change_files",
    "os.truncate": "change_files",
    "os.symlink": "change_files",
    "os.link": "change_files",
    "os.utime": "change_files",
    "shutil.": "change_files",
    "sys.addaudithook": "safeguards",
}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@dataclass(frozen=True)
class Isolation:
    """Which layers hold in this worker (``layers``) and which could not be applied (``missing``,
    each with its reason). Isolation is partial when ``missing`` is not empty."""

    layers: tuple[str, ...]
    missing: tuple[str, ...]

    def as_dict(self) -> dict[str, list[str]]:
        return {"layers": list(self.layers), "missing": list(self.missing)}


def allowed_reads(impl_dir: Path, *, numpy_only: bool = True) -> list[Path]:
    """The folders and files the learner's code may read: its submission and the runtime.

    The standard library is allowed entry by entry, leaving out ``site-packages`` (where an
    interpreter installed system-wide keeps Keras, TensorFlow and rnnlab itself); NumPy is
    allowed by its own folder. An exercise that builds Keras models (``numpy_only`` false)
    may read the installed packages too: Keras and TensorFlow import dozens of them.
    """
    import numpy

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    roots = [Path(impl_dir)]
    roots += [p for p in stdlib.iterdir() if p.name not in ("site-packages", "dist-packages")]
    numpy_dir = Path(numpy.__file__).parent
    roots += [numpy_dir, *numpy_dir.parent.glob("numpy.libs")]
    roots += [Path(p) for p in ("/dev/null", "/dev/urandom") if os.path.exists(p)]
    if not numpy_only:
        paths = sysconfig.get_paths()
        roots += [Path(paths["purelib"]), Path(paths["platlib"])]
        # TensorFlow's native libraries load system libraries and read what the machine has.
        system = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/etc/ld.so.cache", "/etc/ssl")
        system += ("/proc/cpuinfo", "/proc/meminfo", "/proc/mounts", "/sys/devices/system")
        system += ("/sys/bus/cpu", "/sys/bus/node", "/sys/kernel/mm/hugepages")
        roots += [Path(p) for p in system if os.path.exists(p)]
    return [Path(os.path.realpath(p)) for p in dict.fromkeys(roots)]


# -- layer 1: Landlock -----------------------------------------------------------------------
_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # same on every arch
_PR_SET_NO_NEW_PRIVS = 38
_RULE_PATH_BENEATH = 1
_READ_FILE, _READ_DIR = 1 << 2, 1 << 3
_ALL_FS = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_ALL_NET = (1 << 0) | (1 << 1)  # bind and connect TCP
_ALL_SCOPES = (1 << 0) | (1 << 1)  # abstract unix sockets, signals


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 where there is none (not Linux, too old, off)."""
    if not sys.platform.startswith("linux") or os.environ.get("RNNLAB_NO_LANDLOCK") == "1":
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    abi = libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return max(int(abi), 0)


def apply_landlock(reads: Iterable[Path], writes: Iterable[Path] = ()) -> str:
    """Restrict this process, for good, to reading ``reads`` and writing only in ``writes``
    (a private scratch folder, for exercises that run Keras); no TCP.

    Returns
    -------
    str
        The layer's description, e.g. ``"landlock (ABI 7)"``.

    Raises
    ------
    OSError
        If the kernel has no Landlock or refuses the ruleset.
    """
    abi = landlock_abi()
    if abi < 1:
        raise OSError("Landlock is not available on this system")
    fs = _ALL_FS[max(k for k in _ALL_FS if k <= abi)]
    attr = _RulesetAttr(fs, _ALL_NET if abi >= 4 else 0, _ALL_SCOPES if abi >= 6 else 0)
    size = 8 if abi < 4 else (16 if abi < 6 else 24)
    libc = ctypes.CDLL(None, use_errno=True)
    ruleset = libc.syscall(
        _SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)
    )
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    write_rights = fs & ~((1 << 0) | (1 << 6) | (1 << 11) | (1 << 13))  # no exec, devices, refer
    rules = [(p, _READ_FILE | (_READ_DIR if os.path.isdir(p) else 0)) for p in reads]
    rules += [(p, write_rights) for p in writes]
    try:
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # gone since it was listed: nothing to allow
            try:
                rule = _PathBeneathAttr(rights, fd)
                if libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0):
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
            finally:
                os.close(fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0):
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return text("isolation.layer_landlock", abi=abi)


# -- layer 2: as root, no network and no privileges ------------------------------------------
def readable_by_others(path: Path) -> bool:
    """Whether a user with no rights of its own (``nobody``) can reach and read ``path``."""
    path = Path(os.path.realpath(path))
    for folder in [*reversed(path.parents), path]:
        mode = folder.stat().st_mode
        if folder.is_dir() and not mode & 0o001:
            return False  # others may not enter it
    return bool(path.stat().st_mode & 0o004)


def expose_runtime(reads: Iterable[Path]) -> list[str]:
    """As root, make a Python runtime hidden from other users readable to ``nobody``.

    A runtime under a private folder (pyenv under ``/root``, mode 700) cannot be read once
    the worker is ``nobody``. In a mount namespace of the worker's own, each such folder gets
    an empty tmpfs laid over it, and only the entries on the way to the runtime are bound back:
    ``nobody`` then reaches the runtime and nothing else of that folder. The rest of the
    machine never sees these mounts. Must run before Landlock (which forbids mounting).

    Returns
    -------
    list of str
        The folders made passable; empty when none needed it.

    Raises
    ------
    OSError
        If the mount namespace or a mount is refused (a container without CAP_SYS_ADMIN).
    """
    blocked: dict[Path, set[str]] = {}
    for path in reads:
        path = Path(os.path.realpath(path))
        for folder in reversed(path.parents):
            if folder != path and not folder.stat().st_mode & 0o001:
                blocked.setdefault(folder, set()).add(path.relative_to(folder).parts[0])
                break
    if not blocked:
        return []
    libc = ctypes.CDLL(None, use_errno=True)
    ms_bind, ms_rec, ms_private = 4096, 16384, 1 << 18

    def check(result: int, what: str) -> None:
        if result != 0:
            raise OSError(ctypes.get_errno(), f"{what}: {os.strerror(ctypes.get_errno())}")

    check(libc.unshare(0x00020000), "mount namespace")  # CLONE_NEWNS
    check(libc.mount(b"none", b"/", None, ms_rec | ms_private, None), "private mounts")
    stash = Path(tempfile.mkdtemp(prefix="rnnlab-runtime-"))
    for number, (folder, children) in enumerate(sorted(blocked.items())):
        kept = []
        for child in sorted(children):
            source = folder / child
            held = stash / f"{number}-{child}"
            held.mkdir() if source.is_dir() else held.touch()
            check(libc.mount(bytes(source), bytes(held), None, ms_bind | ms_rec, None), "bind")
            kept.append((child, held, source.is_dir()))
        check(libc.mount(b"tmpfs", bytes(folder), b"tmpfs", 0, b"mode=0755"), f"tmpfs {folder}")
        for child, held, is_dir in kept:
            target = folder / child
            target.mkdir() if is_dir else target.touch()
            check(libc.mount(bytes(held), bytes(target), None, ms_bind | ms_rec, None), "bind")
    return [str(folder) for folder in sorted(blocked)]


def drop_root(reads: Iterable[Path]) -> tuple[list[str], list[str]]:
    """As root: enter an empty network namespace, then become ``nobody``.

    The drop is skipped (and said so) when ``nobody`` still could not read the Python runtime
    (see [expose_runtime][rnnlab.grader.sandbox.isolation.expose_runtime]): learner code that
    imports a standard module would fail.

    Returns
    -------
    tuple of (list of str, list of str)
        The layers applied, and those skipped with the reason.
    """
    layers, missing = [], []
    libc = ctypes.CDLL(None, use_errno=True)
    clone_newnet = 0x40000000
    if libc.unshare(clone_newnet) == 0:
        layers.append(text("isolation.layer_no_network"))
    else:
        missing.append(text("isolation.no_namespace", error=os.strerror(ctypes.get_errno())))
    unreadable = [str(p) for p in reads if not readable_by_others(p)]
    if unreadable:
        missing.append(text("isolation.nobody_skipped", path=unreadable[0]))
        return layers, missing
    try:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    except PermissionError as error:  # root without CAP_SETUID/CAP_SETGID (a locked-down pod)
        missing.append(text("isolation.no_nobody", error=error.strerror or error))
        return layers, missing
    layers.append(text("isolation.layer_nobody"))
    return layers, missing


# -- layer 3: the audit hook -----------------------------------------------------------------
def _inside(path: Any, roots: tuple[str, ...]) -> bool:
    if isinstance(path, int):
        return True  # an already open descriptor: opening it again grants nothing new
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    real = os.path.realpath(os.fspath(path))
    return any(real == root or real.startswith(root + os.sep) for root in roots)


def _all_inside(args: tuple[Any, ...], roots: tuple[str, ...]) -> bool:
    """Whether every path among an event's arguments (``os.rename`` has two) lies in ``roots``."""
    paths = [a for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
    return bool(paths) and all(_inside(a, roots) for a in paths)


def _refuse(reason: str) -> None:
    REFUSED.append(reason)
    _deny(reason)


def _deny(reason: str) -> None:
    raise PermissionError(text("isolation.may_not", action=reason))


def make_audit_hook(
    reads: Iterable[Path], numpy_only: bool, writes: Iterable[Path] = ()
) -> Callable[[str, tuple], None]:
    """The audit hook for one worker (see the module docstring)."""
    roots = tuple(str(p) for p in reads)
    scratch = tuple(str(p) for p in writes)
    # Keras and TensorFlow, on import, load subprocess, socket and ctypes, run `uname`, probe
    # an IPv6 socket (urllib3) and try to create ~/.keras; they cope with a refusal. Where they
    # may run (numpy_only false) every such action is still refused, but only reading outside
    # the allowed folders is held against the learner: the frameworks' own attempts are not.
    forbidden_imports = (*ESCAPE_MODULES, *FRAMEWORKS) if numpy_only else ()
    held_against = _refuse if numpy_only else _deny
    # The hook names refusals in the learner's language; once isolated, the worker may not
    # open the catalogue, so it is read now (it is cached).
    catalogue(current_language())

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open":
            path, mode, flags = (*args, None, None, None)[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            if path is not None and scratch and _inside(path, scratch):
                return  # the private scratch folder of an exercise that runs Keras
            if writing:
                held_against(text("isolation.write", path=path))
            if path is not None and not _inside(path, roots):
                if isinstance(path, (str, bytes, os.PathLike)) and os.path.isdir(path):
                    # A folder opened as a file holds no data (importlib.metadata probes
                    # sys.path entries this way); listing it is the listdir event's business.
                    _deny(text("isolation.open_folder", path=path))
                _refuse(text("isolation.read_outside", path=path))
        elif event in ("os.listdir", "os.scandir"):
            path = args[0] if args and args[0] is not None else "."
            if not _inside(path, roots):
                # Raised but not held against the learner: the import system lists folders on
                # sys.path by itself, and copes with a refusal. A listing reveals no answers.
                raise PermissionError(text("isolation.not_listed", path=path))
        elif event == "import":
            top = str(args[0]).split(".")[0]
            if top in forbidden_imports:
                _refuse(text("isolation.import_module", module=top))
        else:
            for prefix, what in REFUSED_EVENTS.items():
                if event.startswith(prefix):
                    if what == "change_files" and scratch and _all_inside(args, scratch):
                        return  # tempfile's own housekeeping in the scratch folder
                    held_against(
                        text("isolation.with_event", action=text(f"isolation.{what}"), event=event)
                    )

    return hook


def isolate(impl_dir: Path, *, numpy_only: bool, scratch: Path | None = None) -> Isolation:
    """Apply every layer this platform allows, strongest first; the audit hook always.

    Parameters
    ----------
    impl_dir : pathlib.Path
        The submission's folder (a private copy made by the grader): the only folder of the
        learner's that stays readable.
    numpy_only : bool
        Also refuse importing Keras, TensorFlow, PyTorch and JAX.
    scratch : pathlib.Path, optional
        A private folder an exercise that runs Keras may write in (its ``TMPDIR``); ignored
        for NumPy exercises, which write nothing.

    Returns
    -------
    Isolation
        The layers that hold and, for each that does not, why.
    """
    reads = allowed_reads(impl_dir, numpy_only=numpy_only)
    writes = []
    if scratch is not None and not numpy_only:
        # TensorFlow names its threads through /proc/<own pid>/task/*/comm; its own process only.
        writes = [Path(os.path.realpath(scratch)), Path(f"/proc/{os.getpid()}")]
    layers: list[str] = []
    missing: list[str] = []
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root:
        try:  # before Landlock, which forbids mounting
            exposed = expose_runtime(reads[1:])
            if exposed:
                layers.append(text("isolation.layer_mounts", path=exposed[0]))
        except OSError as error:
            missing.append(text("isolation.no_mounts", error=error))
    try:  # then, while root can still open every allowed path to describe it to the kernel
        layers.append(apply_landlock(reads, writes))
    except OSError as error:
        missing.append(text("isolation.no_landlock", error=error))
    if as_root:
        # The submission's copy already belongs to nobody; the runtime must be readable too.
        dropped, skipped = drop_root(reads[1:])
        layers += dropped
        missing += skipped
    sys.addaudithook(make_audit_hook(reads, numpy_only, writes))
    layers.append(text("isolation.layer_audit_hook"))
    return Isolation(tuple(layers), tuple(missing))
