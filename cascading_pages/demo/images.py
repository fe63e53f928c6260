"""Illustrated portraits for the demo coaches, drawn locally with Pillow."""

import hashlib
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont

_BACKGROUNDS = ["#0b5563", "#7a3b69", "#2f5d1e", "#8a4b08", "#1f4e8c", "#6b3f2a", "#225560", "#5a2d82"]
_SKIN = ["#f1c7a5", "#d9a47e", "#b97f58", "#8d5a3b", "#5e3b27", "#e8b894"]


def portrait_file(name, size=480):
    """A PNG portrait (head, shoulders and initials) for ``name``, as a Django ImageFile."""
    digest = hashlib.sha256(name.encode()).digest()
    background = _BACKGROUNDS[digest[0] % len(_BACKGROUNDS)]
    skin = _SKIN[digest[1] % len(_SKIN)]
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.18, size * 0.62, size * 0.82, size * 1.25), fill="#f4f4f4")
    draw.ellipse((size * 0.32, size * 0.2, size * 0.68, size * 0.6), fill=skin)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = ImageFont.load_default(size=int(size * 0.12))
    draw.text((size * 0.5, size * 0.9), initials, fill="#1d1d1f", font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    slug = "".join(c for c in name.lower().replace(" ", "-") if c.isalnum() or c == "-")
    return ImageFile(BytesIO(buffer.getvalue()), name=f"coach-{slug}.png")
