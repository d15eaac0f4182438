"""Draw the app's favicon, ``src/crampwise/ui/favicon.png``, served by the app itself.

Why a file: a Material icon as ``page_icon`` makes every browser fetch the
icon from a Google font server, which tells a third party who opens a health
app. Run ``.venv/bin/python scripts/make_favicon.py`` after changing the
design; the PNG is committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw

GREEN = (42, 127, 98, 255)  # the theme's primaryColor, #2a7f62
SIZE = 128
OUT = Path(__file__).resolve().parent.parent / "src" / "crampwise" / "ui" / "favicon.png"


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((4, 4, SIZE - 4, SIZE - 4), radius=28, fill=GREEN)
    # A plaster across the square: a white band with a pad in the middle.
    band = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    bp = ImageDraw.Draw(band)
    bp.rounded_rectangle((14, 48, SIZE - 14, SIZE - 48), radius=16, fill=(255, 255, 255, 255))
    bp.rounded_rectangle((50, 52, SIZE - 50, SIZE - 52), radius=6, fill=(200, 230, 219, 255))
    band = band.rotate(-45, resample=Image.Resampling.BICUBIC, center=(SIZE / 2, SIZE / 2))
    image.alpha_composite(band)
    return image


if __name__ == "__main__":
    draw().save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
