// CharLS through its C API (it reports errors by code, so no escape is needed here).
#include "scanselect_codecs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <charls/charls.h>

static int ss_jpegls_fail(charls_jpegls_decoder *decoder, charls_jpegls_errc code, char *message) {
    snprintf(message, SS_MESSAGE_SIZE, "CharLS: %s", charls_get_error_message(code));
    if (decoder) charls_jpegls_decoder_destroy(decoder);
    return 1;
}

static int ss_jpegls_open(const uint8_t *data, size_t size, charls_jpegls_decoder **decoder, charls_frame_info *frame,
                          char *message) {
    *decoder = charls_jpegls_decoder_create();
    if (!*decoder) {
        snprintf(message, SS_MESSAGE_SIZE, "CharLS: out of memory creating a decoder");
        return 1;
    }
    charls_jpegls_errc code = charls_jpegls_decoder_set_source_buffer(*decoder, data, size);
    if (!code) code = charls_jpegls_decoder_read_header(*decoder);
    if (!code) code = charls_jpegls_decoder_get_frame_info(*decoder, frame);
    if (code) {
        ss_jpegls_fail(*decoder, code, message);
        *decoder = NULL;
        return 1;
    }
    return 0;
}

int ss_jpegls_header(const uint8_t *data, size_t size, ss_frame_info *info, char *message) {
    charls_jpegls_decoder *decoder;
    charls_frame_info frame;
    if (ss_jpegls_open(data, size, &decoder, &frame, message)) return 1;
    *info = ss_frame((int32_t)frame.width, (int32_t)frame.height, frame.component_count, frame.bits_per_sample);
    charls_jpegls_decoder_destroy(decoder);
    return 0;
}

int ss_jpegls_decode(const uint8_t *data, size_t size, uint8_t *out, size_t out_size, char *message) {
    charls_jpegls_decoder *decoder;
    charls_frame_info frame;
    if (ss_jpegls_open(data, size, &decoder, &frame, message)) return 1;
    charls_interleave_mode mode;
    size_t needed = 0;
    charls_jpegls_errc code = charls_jpegls_decoder_get_interleave_mode(decoder, &mode);
    if (!code) code = charls_jpegls_decoder_get_destination_size(decoder, 0, &needed);
    if (code) return ss_jpegls_fail(decoder, code, message);
    if (needed != out_size) {
        snprintf(message, SS_MESSAGE_SIZE, "CharLS: the frame decodes to %zu bytes, the header promised %zu",
                 needed, out_size);
        charls_jpegls_decoder_destroy(decoder);
        return 1;
    }
    int components = frame.component_count;
    if (mode != CHARLS_INTERLEAVE_MODE_NONE || components == 1) {
        code = charls_jpegls_decoder_decode_to_buffer(decoder, out, out_size, 0);
        if (code) return ss_jpegls_fail(decoder, code, message);
        charls_jpegls_decoder_destroy(decoder);
        return 0;
    }
    // Interleave mode "none" decodes plane after plane; DICOM wants colour-by-pixel.
    uint8_t *planes = malloc(out_size);
    if (!planes) {
        snprintf(message, SS_MESSAGE_SIZE, "CharLS: out of memory for %zu bytes of planes", out_size);
        charls_jpegls_decoder_destroy(decoder);
        return 1;
    }
    code = charls_jpegls_decoder_decode_to_buffer(decoder, planes, out_size, 0);
    if (code) {
        free(planes);
        return ss_jpegls_fail(decoder, code, message);
    }
    size_t width = frame.bits_per_sample > 8 ? 2 : 1;
    size_t pixels = (size_t)frame.width * frame.height;
    for (size_t c = 0; c < (size_t)components; c++)
        for (size_t p = 0; p < pixels; p++)
            memcpy(out + (p * components + c) * width, planes + (c * pixels + p) * width, width);
    free(planes);
    charls_jpegls_decoder_destroy(decoder);
    return 0;
}
