"""Write assets/digits.csv.gz: scikit-learn's copy of the UCI 8x8 handwritten digits.

Run once, by hand: ``pip install scikit-learn && python scripts/make_digits_asset.py``. The app
and the tests read only the written file and never import scikit-learn.

The file is gzip'd CSV (mtime 0, so the same data gives the same bytes): a header
``label,p0,...,p63`` then one row per image, the label 0-9 and its 64 pixel darknesses 0-16,
row by row (p0 is the top-left pixel, p7 the top-right, p8 the first of the second row).
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assets" / "digits.csv.gz"


def main() -> None:
    from sklearn.datasets import load_digits  # only here: the app never needs scikit-learn

    digits = load_digits()
    images, labels = digits.images.astype(int), digits.target.astype(int)
    text = io.StringIO()
    text.write(",".join(["label", *(f"p{k}" for k in range(64))]) + "\n")
    for image, label in zip(images, labels, strict=True):
        text.write(",".join(str(v) for v in [label, *image.ravel()]) + "\n")
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                compresslevel=9, filename="") as gz:
        gz.write(text.getvalue().encode("ascii"))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(labels)} images)")


if __name__ == "__main__":
    main()
