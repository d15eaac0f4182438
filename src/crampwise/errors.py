"""Exception types raised by Crampwise, each with a message a person can act on.

Everything the library raises on bad input derives from :class:`CrampwiseError`,
so the app and the CLI can catch one type and show its message, never a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class CrampwiseError(Exception):
    """Base class: the message is written for the person who supplied the input."""


class FileRefused(CrampwiseError):
    """The whole file cannot be read; nothing in it was imported."""


class EmptyFileError(FileRefused):
    """The file has no bytes, or only blank lines."""


class HeaderOnlyError(FileRefused):
    """The file has a header row but no data rows."""


class NotCsvError(FileRefused):
    """The file is binary (a workbook, an image...) or a web page, not CSV text."""


class FileTooLargeError(FileRefused):
    """The upload is over the stated size limit."""


class TooManyColumnsError(FileRefused):
    """The file has more columns than any log needs (a stated limit, so one upload can't stall
    a shared server)."""


class TooManyProblemsError(FileRefused):
    """So many rows have problems that listing them all would help nobody (and cost a shared
    server seconds): the whole file is refused, with the first problems named."""

    def __init__(self, message: str, first: list[str]):
        super().__init__(message)
        #: The first problem lines, as ``row N, column: value reason``.
        self.first = first


class MissingColumnsError(FileRefused):
    """Required columns are absent."""

    def __init__(
        self, message: str, missing: list[str], *, table: str = "", headers: list[str] | None = None
    ):
        super().__init__(message)
        #: Canonical names of the required columns that are absent.
        self.missing = missing
        #: The table the file was read as ("episodes" or "daily").
        self.table = table
        #: The file's non-empty header cells, so a person can be asked which one is meant.
        self.headers = headers or []


class DuplicateColumnError(FileRefused):
    """Two headers name the same column, so we cannot tell which to use."""


class UnknownKindError(FileRefused):
    """We cannot tell whether the file holds episodes or daily rows."""


class AppKindError(UnknownKindError):
    """Another app's export holds both days and episodes, or not the kind asked for."""


class CsvFormatError(FileRefused):
    """The CSV structure itself is broken (for example an unclosed quote)."""


class AmbiguousDateOrderError(FileRefused):
    """Every date could be read day-first or month-first; we will not guess.

    ``column`` is the column and ``examples`` a few values that read
    differently each way. Call again with ``date_order="dmy"`` or ``"mdy"``.
    """

    def __init__(self, message: str, column: str, examples: list[str]):
        super().__init__(message)
        self.column = column
        self.examples = examples


# --------------------------------------------------------------------------- the journal (storage)


class JournalError(CrampwiseError):
    """Base class for journal problems."""


class JournalValidationError(JournalError):
    """A value breaks the data model (message in the importer's wording)."""


@dataclass(frozen=True)
class RefusedValue:
    """One value a journal entry cannot take: its column, the value as given, and why."""

    #: The canonical column name (for the code; people are shown its title).
    column: str
    #: The value as given, as text.
    value: str
    #: Why, in the importer's wording: "is above 10", "must be more than 0".
    reason: str


class ValueRefusedError(JournalValidationError):
    """Values of one entry break the data model; :attr:`refused` names each of them."""

    def __init__(self, message: str, refused: list[RefusedValue]):
        super().__init__(message)
        self.refused = refused


class EntryRefusedError(JournalValidationError):
    """Entries a person typed were refused and nothing was stored. Each line of
    :attr:`lines` names the entry as it is shown, the column's title, the value and the
    reason: "The episode of 14 Mar 2025, 22:15: Duration 0 must be more than 0 minutes."."""

    def __init__(self, lines: list[str]):
        super().__init__(" ".join(lines))
        self.lines = lines


class TwinEntryError(JournalError):
    """An episode just like this one, starting within a few minutes of it, is already in the
    journal (a double tap?): nothing was stored until the person confirms."""

    def __init__(self, message: str, twin_start: object):
        super().__init__(message)
        #: When the episode already stored started (a ``pandas.Timestamp``).
        self.twin_start = twin_start


class JournalNotFoundError(JournalError):
    """The rows asked for are not in this person's journal."""


class JournalConfirmationError(JournalError):
    """A destructive action was not confirmed with the exact phrase."""


class JournalNotEmptyError(JournalError):
    """A backup can only be restored into an empty journal."""


class JournalBackupError(JournalError):
    """The bytes are not a readable Crampwise backup."""


class JournalConnectionError(JournalError):
    """The database cannot be opened."""


class JournalVersionError(CrampwiseError):
    """The database was written by a newer Crampwise than this one."""


class ModeSettingError(CrampwiseError):
    """The explicit mode setting is not one Crampwise knows, or is unsafe."""


# --------------------------------------------------------------------------- units


class UnitSystemError(CrampwiseError):
    """A unit system Crampwise does not know."""


# --------------------------------------------------------------------------- statistics


class AnalysisInputError(CrampwiseError):
    """A table passed to the analysis cannot be used as given (e.g. no dates, duplicate dates)."""


# --------------------------------------------------------------------------- the guide


class GuideError(CrampwiseError):
    """The guide's content is inconsistent (a broken reference or a missing file)."""


class UnknownTopicError(GuideError, KeyError):
    """A topic or section was asked for that the guide does not have."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class UnknownFlagError(CrampwiseError):
    """A sign's id is not one of the declared triage signs."""

    def __init__(self, message: str, flag_id: str):
        super().__init__(message)
        #: The id that was not recognised.
        self.flag_id = flag_id


class PatternInputError(CrampwiseError):
    """A table passed to :func:`find` lacks a column the patterns need."""


class HydrationInputError(CrampwiseError):
    """The person's details cannot be matched to a reference value."""


# --------------------------------------------------------------------------- the weather


class WeatherError(CrampwiseError):
    """The weather could not be filled in; nothing was changed."""


class WeatherPlaceError(WeatherError):
    """The place given is not one the weather service can look up (bad coordinates, no match)."""


class WeatherUnavailableError(WeatherError):
    """The weather service could not be reached (offline, timed out, or it is down)."""


class WeatherRefusedError(WeatherError):
    """The weather service answered but refused the request, with its reason."""


class WeatherResponseError(WeatherError):
    """The weather service's answer is not in the documented shape."""


class WeatherConsentError(WeatherError):
    """A request to the weather service was attempted without the person's consent to that
    exact request (a programming error in a front door: nothing was sent)."""
