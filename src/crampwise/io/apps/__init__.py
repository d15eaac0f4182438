"""Exports of other apps: Apple Health, Strava, Garmin Connect and Google Fit so far (``base.APPS``).

Why it exists: a newcomer has months of fluids, workouts and symptoms in the apps
they already use. Each app has its own module here holding ``APP`` (the name people
know), ``recognise(head, names)`` (is this file that app's export? decided by its
content, never its file name) and ``read(source, *, timezone=None)`` returning one
:class:`~crampwise.io.apps.base.AppExport` (days, episodes and workouts in
Crampwise's canonical columns, plus refused rows and notes).

:func:`recognise` and :func:`read_export` are the two entry points; the readers are
imported lazily so a CSV import does not pay for the XML reader.
"""

from crampwise.io.apps.base import (
    APPS,
    WORKOUT_COLUMNS,
    AppExport,
    AppSpec,
    article,
    read_export,
    recognise,
)
from crampwise.io.apps.convert import pick_kind, to_result

__all__ = [
    "APPS",
    "WORKOUT_COLUMNS",
    "AppExport",
    "AppSpec",
    "article",
    "pick_kind",
    "read_export",
    "recognise",
    "to_result",
]
