#!/bin/sh
# Builds the Imaging parsers with libFuzzer + AddressSanitizer and fuzzes them.
# usage: Tests/Fuzz/run-fuzzer.sh [SECONDS]   (from the repository root; default 300 s)
# Crashing inputs are written to .build/fuzz/crash-*; reproduce with `.build/fuzz/imaging-fuzz FILE`.
set -eu
seconds="${1:-300}"
out=.build/fuzz
mkdir -p "$out/corpus"
# The library must be instrumented too, so it is compiled here rather than taken from `swift build`: first the
# C glue over the codec libraries (the Debian libraries themselves are linked as installed), then Imaging.
mkdir -p "$out/CCodecs"
printf 'module CCodecs {\n  header "%s/Shared/CCodecs/include/scanselect_codecs.h"\n  export *\n}\n' "$(pwd)" \
    > "$out/CCodecs/module.modulemap"
for source in Shared/CCodecs/*.c; do
    clang -fsanitize=fuzzer-no-link,address -O1 -I Shared/CCodecs/include -I /usr/include/openjpeg-2.5 \
        -c "$source" -o "$out/CCodecs/$(basename "$source" .c).o"
done
ar rcs "$out/libCCodecs.a" "$out"/CCodecs/*.o
modules="-I $out -I Shared/CZlib -I Shared/CBLAS -I $out/CCodecs $(pkg-config --cflags-only-I openblas | sed 's/-I/-Xcc -I/')"
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -O -parse-as-library -emit-module -emit-module-path "$out/NumericSupport.swiftmodule" \
    -emit-library -static -module-name NumericSupport $modules $(find Shared/NumericSupport -name '*.swift') \
    -o "$out/libNumericSupport.a" 2>&1 | grep -v 'Cannot export local symbol' || true
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -O -parse-as-library -emit-module -emit-module-path "$out/Imaging.swiftmodule" \
    -emit-library -static -module-name Imaging $modules \
    $(find Shared/Imaging -name '*.swift') -o "$out/libImaging.a" 2>&1 | grep -v 'Cannot export local symbol' || true
# shellcheck disable=SC2086
swiftc -sanitize=fuzzer,address -O -parse-as-library $modules -L "$out" $(pkg-config --libs-only-L openblas) \
    -lImaging -lNumericSupport -lCCodecs -lz -ljpeg -lcharls -lopenjp2 -lopenblas \
    Tests/Fuzz/ImagingFuzz.swift -o "$out/imaging-fuzz" 2>&1 | grep -v 'Cannot export local symbol' || true
# Seed with small real files of each format when they are installed.
for seed in ../shared/data/cxr-lungs/masks/005.png \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small_RLE.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/image_dfl.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/SC_rgb_small_odd_jpeg.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/JPGExtended.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/SC_rgb_jpeg_gdcm.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small_jpeg_ls_lossless.dcm \
    /usr/lib/python3/dist-packages/pydicom/data/test_files/MR_small_jp2klossless.dcm \
    /usr/lib/python3/dist-packages/nibabel/tests/data/standard.nii.gz \
    /usr/lib/python3/dist-packages/nibabel/tests/data/resampled_anat_moved.nii; do
    [ -f "$seed" ] && cp "$seed" "$out/corpus/"
done
exec "$out/imaging-fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 \
    -artifact_prefix="$out/" "$out/corpus"
