"""A user's CSV file: read safely (``files``), then the chosen columns as X and Y
(``columns``). The names below are the package's public ones."""

from engine.upload.columns import (
    MAX_CLASSES,
    MISSING_CHOICES,
    NUMERIC_SHARE,
    prepare_classification,
    text_cells,
)
from engine.upload.files import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    MIN_ROWS,
    UploadError,
    read_csv_upload,
)

__all__ = [
    "MAX_CLASSES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_MB",
    "MIN_ROWS",
    "MISSING_CHOICES",
    "NUMERIC_SHARE",
    "UploadError",
    "prepare_classification",
    "read_csv_upload",
    "text_cells",
]
