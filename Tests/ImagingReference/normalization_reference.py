"""Reference values for the normalisation helpers, from Pillow and numpy.

usage: normalization_reference.py OUT_DIR IMAGE_PNG MASK_PNG
Writes OUT_DIR/index.json. Float images travel as little-endian float32 files (row-major), masks as uint8.
  upsample:   random 37x29 image, Pillow BILINEAR (mode F) to 80x61
  downsample: the chest X-ray cropped to a multiple of 4, Pillow BOX (area average for integer factors) /2 and /4
  grey:       random RGB image and Pillow convert("L")
  masks:      the lung mask, Pillow NEAREST to 256x256 and that result back to the original size
  percentiles: numpy.percentile (linear) of a tie-heavy sample at several percents
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def save(out_dir, name, array, dtype):
    path = os.path.join(out_dir, name)
    np.ascontiguousarray(array, dtype=dtype).tofile(path)
    return path


def main(out_dir, image_path, mask_path):
    rng = np.random.default_rng(99)
    index = {}
    small = rng.uniform(-50, 200, size=(29, 37)).astype(np.float32)
    up = np.array(Image.fromarray(small, mode="F").resize((80, 61), Image.BILINEAR))
    index["upsample"] = {"input": save(out_dir, "small.f32", small, "<f4"), "width": 37, "height": 29,
                         "output": save(out_dir, "up.f32", up, "<f4"), "to_width": 80, "to_height": 61}

    xray = np.array(Image.open(image_path).convert("F"))
    height, width = (xray.shape[0] // 4) * 4, (xray.shape[1] // 4) * 4
    xray = xray[:height, :width]
    index["downsample"] = {"input": save(out_dir, "xray.f32", xray, "<f4"), "width": width, "height": height,
                           "outputs": []}
    for factor in (2, 4):
        down = np.array(Image.fromarray(xray, mode="F").resize((width // factor, height // factor), Image.BOX))
        index["downsample"]["outputs"].append({"factor": factor,
                                               "output": save(out_dir, f"down{factor}.f32", down, "<f4")})

    rgb = rng.integers(0, 256, size=(13, 17, 3), dtype=np.uint8)
    grey = np.array(Image.fromarray(rgb, mode="RGB").convert("L"))
    index["grey"] = {"input": save(out_dir, "rgb.u8", rgb, "u1"), "width": 17, "height": 13,
                     "output": save(out_dir, "grey.u8", grey, "u1")}

    mask_image = Image.open(mask_path)
    mask = np.array(mask_image)
    working = mask_image.resize((256, 256), Image.NEAREST)
    back = working.resize(mask_image.size, Image.NEAREST)
    index["masks"] = {"input": save(out_dir, "mask.u8", mask, "u1"), "width": mask.shape[1], "height": mask.shape[0],
                      "working": save(out_dir, "working.u8", np.array(working), "u1"),
                      "back": save(out_dir, "back.u8", np.array(back), "u1")}

    sample = rng.integers(0, 40, size=1001).astype(np.float32)
    percents = [0, 0.5, 1, 25, 50, 75, 99, 99.5, 100]
    index["percentiles"] = {"input": save(out_dir, "sample.f32", sample, "<f4"), "percents": percents,
                            "values": [float(np.percentile(sample, p)) for p in percents]}
    with open(os.path.join(out_dir, "index.json"), "w") as handle:
        json.dump(index, handle, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
