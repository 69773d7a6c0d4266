#!/bin/sh
# Builds the Imaging parsers with libFuzzer + AddressSanitizer and fuzzes them.
# usage: Tests/Fuzz/run-fuzzer.sh [SECONDS]   (from the repository root; default 300 s)
# Crashing inputs are written to .build/fuzz/crash-*; reproduce with `.build/fuzz/imaging-fuzz FILE`.
set -eu
seconds="${1:-300}"
out=.build/fuzz
mkdir -p "$out/corpus"
# The library must be instrumented too, so it is compiled here rather than taken from `swift build`.
swiftc -sanitize=fuzzer,address -O -parse-as-library -emit-module -emit-module-path "$out/Imaging.swiftmodule" \
    -emit-library -static -module-name Imaging -I Shared/CZlib $(find Shared/Imaging -name '*.swift') \
    -o "$out/libImaging.a" 2>&1 | grep -v 'Cannot export local symbol' || true
swiftc -sanitize=fuzzer,address -O -parse-as-library -I "$out" -I Shared/CZlib -L "$out" -lImaging -lz \
    Tests/Fuzz/ImagingFuzz.swift -o "$out/imaging-fuzz" 2>&1 | grep -v 'Cannot export local symbol' || true
# Seed with small real files of each format when they are installed.
for seed in ../shared/data/cxr-lungs/masks/005.png \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small_RLE.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/image_dfl.dcm \
    /usr/lib/python3/dist-packages/nibabel/tests/data/standard.nii.gz \
    /usr/lib/python3/dist-packages/nibabel/tests/data/resampled_anat_moved.nii; do
    [ -f "$seed" ] && cp "$seed" "$out/corpus/"
done
exec "$out/imaging-fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$out/" "$out/corpus"
