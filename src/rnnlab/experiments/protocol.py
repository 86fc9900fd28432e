"""What every experiment module holds, and the options every experiment's ``run`` takes.

An experiment is a module, registered by name in `rnnlab.experiments.registry` and imported only
when run; `Experiment` lists what it holds. Its ``run`` takes the keyword arguments of
`RunOptions`, each optional, besides its own (``settings``, and the data unit tests make tiny),
and starts with `Run.start`, which fills in the defaults and picks the settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypedDict, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Unpack

Progress = Callable[[str, int, int], None]
"""``progress(description, done, total)``: called while an experiment trains."""

SettingsT = TypeVar("SettingsT")


class RunOptions(TypedDict, total=False):
    """The keyword arguments every experiment's ``run`` takes; each may be left out.

    Attributes
    ----------
    quick : bool
        The short run, with the module's `QUICK` settings, instead of its `DEFAULT` one (the run
        the docs show). False by default.
    impl : str or pathlib.Path
        Whose NumPy functions the experiment runs on what Keras trained: ``"solutions"`` (the
        default), ``"exercises"`` (the learner's own) or a folder of ``eNN_*.py`` files. Each
        experiment's module docstring says which exercises it uses.
    seed : int
        Seeds the data, the initial weights, the training and any sampling: the same seed gives
        the same numbers on a CPU. 0 by default.
    progress : Progress or None
        Called as ``progress(description, done, total)`` while training; None (the default)
        reports nothing.
    """

    quick: bool
    impl: str | Path
    seed: int
    progress: Progress | None


@dataclass(frozen=True)
class Run(Generic[SettingsT]):
    """One call of an experiment's ``run``: its `RunOptions`, defaults filled in, and the
    settings it runs with."""

    settings: SettingsT
    quick: bool = False
    impl: str | Path = "solutions"
    seed: int = 0
    progress: Progress | None = None

    @classmethod
    def start(
        cls, options: RunOptions, settings: SettingsT | None, quick: SettingsT, default: SettingsT
    ) -> Run[SettingsT]:
        """The run ``options`` ask for, with ``settings`` if given, else ``quick`` or ``default``.

        Raises
        ------
        TypeError
            If ``options`` names anything `RunOptions` does not, as a misspelt keyword would.

        Examples
        --------
        >>> call = Run.start({"quick": True, "seed": 3}, None, quick="small", default="large")
        >>> call.settings, call.impl, call.seed
        ('small', 'solutions', 3)
        """
        unknown = sorted(set(options) - set(RunOptions.__annotations__))
        if unknown:
            raise TypeError(f"run() got an unexpected keyword argument {unknown[0]!r}")
        if settings is None:
            settings = quick if options.get("quick", False) else default
        return cls(settings, **options)

    def record(self) -> dict[str, Any]:
        """The settings' fields (tuples as lists, as JSON keeps them) and ``impl``: what a
        result notes of the run that made it."""
        fields = vars(self.settings).items()
        return {
            **{name: list(value) if isinstance(value, tuple) else value for name, value in fields},
            "impl": str(self.impl),
        }


class Experiment(Protocol):
    """An experiment module: `rnnlab.experiments.registry.load_experiment` returns one.

    Attributes
    ----------
    NAME : str
        Its registered name, e.g. ``"embeddings"``.
    TITLE : str
        Its title in English; `rnnlab.i18n.experiment_title` gives it in the learner's language.
    Settings : type
        A frozen dataclass: the sizes of one run.
    QUICK, DEFAULT : Settings
        The sizes of the short run and of the default run.
    Result : type
        A dataclass of plain numbers, strings, lists and dicts: JSON through
        `dataclasses.asdict`, and back through ``Result(**fields)`` (the cache and the recorded
        runs the docs show do both).
    """

    NAME: str
    TITLE: str
    Settings: type
    QUICK: Any
    DEFAULT: Any
    Result: type

    def run(self, *, settings: Any = None, **options: Unpack[RunOptions]) -> Any:
        """Train and measure; other keywords are the module's own (data that tests make tiny).

        Raises
        ------
        rnnlab.experiments.impl_layers.ImplementationNotDone
            Before any training, if an exercise it runs is still a stub.
        """
        ...

    def summary_rows(self, result: Any, *, language: str | None = None) -> list[dict[str, object]]:
        """The summary table, one dict per row; column names in ``language`` (the learner's by
        default, `rnnlab.i18n`)."""
        ...

    def figures(self, result: Any, *, language: str | None = None) -> dict[str, Any]:
        """Matplotlib figures by file name (no suffix); the caller saves and closes them. Their
        words are in ``language`` (the learner's by default)."""
        ...
