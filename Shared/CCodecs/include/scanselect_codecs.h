// Thin C glue over Debian's codec libraries (libjpeg-turbo, CharLS, OpenJPEG). It exists because libjpeg reports
// errors by longjmp, which Swift cannot catch, and because OpenJPEG reads through C callbacks; everything else —
// budgets, layout, DICOM semantics — stays in Swift. Every function returns 0 on success, or non-zero with a
// human-readable reason in `message`.
#ifndef SCANSELECT_CODECS_H
#define SCANSELECT_CODECS_H

#include <stddef.h>
#include <stdint.h>

// What a codestream declares about its one frame, read before any pixel buffer is allocated.
typedef struct {
    int32_t width;
    int32_t height;
    int32_t components;
    int32_t bitsPerSample;
    int32_t isSigned;
    // Components subsampled relative to the first (JPEG 2000 dx/dy, JPEG sampling factors); refused for now.
    int32_t subsampled;
} ss_frame_info;

enum { SS_MESSAGE_SIZE = 256 };

static inline ss_frame_info ss_frame(int32_t width, int32_t height, int32_t components, int32_t bits) {
    ss_frame_info info = {width, height, components, bits, 0, 0};
    return info;
}

// libjpeg-turbo (8-bit DCT: baseline and extended processes). `convert_to_rgb` asks for YCbCr -> RGB on
// three-component streams (plain .jpg files); 0 keeps the components as coded (DICOM), upsampling chroma only.
int ss_jpeg_header(const uint8_t *data, size_t size, ss_frame_info *info, char *message);
int ss_jpeg_decode(const uint8_t *data, size_t size, int convert_to_rgb, uint8_t *out, size_t out_size,
                   char *message);

// CharLS (JPEG-LS lossless and near-lossless). Output is pixel-interleaved, 1 byte per sample up to 8 bits,
// else 2 bytes little-endian.
int ss_jpegls_header(const uint8_t *data, size_t size, ss_frame_info *info, char *message);
int ss_jpegls_decode(const uint8_t *data, size_t size, uint8_t *out, size_t out_size, char *message);

// OpenJPEG (JPEG 2000 Part 1 codestreams or JP2 files, High-Throughput included). Output is pixel-interleaved,
// `bytes_per_sample` (1, 2 or 4) little-endian two's complement per sample.
int ss_j2k_header(const uint8_t *data, size_t size, ss_frame_info *info, char *message);
int ss_j2k_decode(const uint8_t *data, size_t size, int bytes_per_sample, uint8_t *out, size_t out_size,
                  char *message);

#endif
