"""Reference decodes for plain JPEG files, produced by Pillow (Debian python3-pil).

usage: jpeg_reference.py SOURCE_PNG OUTPUT_DIR
Writes grey.jpg and colour.jpg (quality 85, 4:2:0 chroma) made from SOURCE_PNG, and grey.raw / colour.raw: Pillow's
decode of each as uint8, interleaved RGB for colour.
"""
import os
import sys

import numpy as np
from PIL import Image


def main(source, output_dir):
    grey = Image.open(source).convert("L")
    height, width = grey.height, grey.width
    ramp = np.linspace(0, 255, width, dtype=np.float32)[None, :].repeat(height, axis=0)
    colour = Image.fromarray(np.stack([np.asarray(grey), ramp.astype(np.uint8), 255 - np.asarray(grey)], axis=-1))
    for name, image in (("grey", grey), ("colour", colour)):
        path = os.path.join(output_dir, name + ".jpg")
        image.save(path, quality=85, subsampling=2)
        np.asarray(Image.open(path).convert("L" if name == "grey" else "RGB"), dtype=np.uint8).tofile(
            os.path.join(output_dir, name + ".raw"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
