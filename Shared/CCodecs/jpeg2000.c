// OpenJPEG reading from memory: it only reads through stream callbacks, and reports errors through a handler.
#include "scanselect_codecs.h"

#include <stdio.h>
#include <string.h>
#include <openjpeg.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t at;
} ss_memory;

static OPJ_SIZE_T ss_read(void *buffer, OPJ_SIZE_T count, void *user) {
    ss_memory *memory = user;
    if (memory->at >= memory->size) return (OPJ_SIZE_T)-1;
    size_t left = memory->size - memory->at;
    size_t n = count < left ? count : left;
    memcpy(buffer, memory->data + memory->at, n);
    memory->at += n;
    return n;
}

static OPJ_OFF_T ss_skip(OPJ_OFF_T count, void *user) {
    ss_memory *memory = user;
    if (count < 0) {
        if ((size_t)(-count) > memory->at) return -1;
    } else if ((size_t)count > memory->size - memory->at) {
        count = (OPJ_OFF_T)(memory->size - memory->at);
    }
    memory->at = (size_t)((OPJ_OFF_T)memory->at + count);
    return count;
}

static OPJ_BOOL ss_seek(OPJ_OFF_T position, void *user) {
    ss_memory *memory = user;
    if (position < 0 || (size_t)position > memory->size) return OPJ_FALSE;
    memory->at = (size_t)position;
    return OPJ_TRUE;
}

static void ss_record_error(const char *text, void *user) {
    char *message = user;
    // Keep the first error: later ones are usually consequences.
    if (message[0] == 0) {
        snprintf(message, SS_MESSAGE_SIZE, "OpenJPEG: %s", text);
        size_t length = strlen(message);
        if (length > 0 && message[length - 1] == '\n') message[length - 1] = 0;
    }
}

static void ss_ignore(const char *text, void *user) {
    (void)text;
    (void)user;
}

// Decodes the header, and the image when `decode_pixels` is set; the caller destroys what is returned.
static int ss_j2k_open(const uint8_t *data, size_t size, int decode_pixels, ss_memory *memory, opj_codec_t **codec,
                       opj_stream_t **stream, opj_image_t **image, char *message) {
    static const uint8_t jp2_signature[12] = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 13, 10, 0x87, 10};
    OPJ_CODEC_FORMAT format = size >= 12 && memcmp(data, jp2_signature, 12) == 0 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K;
    memory->data = data;
    memory->size = size;
    memory->at = 0;
    message[0] = 0;
    *image = NULL;
    *codec = opj_create_decompress(format);
    *stream = opj_stream_create(64 * 1024, OPJ_TRUE);
    if (!*codec || !*stream) {
        snprintf(message, SS_MESSAGE_SIZE, "OpenJPEG: out of memory creating a decoder");
        return 1;
    }
    opj_stream_set_user_data(*stream, memory, NULL);
    opj_stream_set_user_data_length(*stream, size);
    opj_stream_set_read_function(*stream, ss_read);
    opj_stream_set_skip_function(*stream, ss_skip);
    opj_stream_set_seek_function(*stream, ss_seek);
    opj_set_error_handler(*codec, ss_record_error, message);
    opj_set_warning_handler(*codec, ss_ignore, NULL);
    opj_set_info_handler(*codec, ss_ignore, NULL);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    int ok = opj_setup_decoder(*codec, &parameters) && opj_read_header(*stream, *codec, image);
    if (ok && decode_pixels) ok = opj_decode(*codec, *stream, *image) && opj_end_decompress(*codec, *stream);
    if (!ok && message[0] == 0) snprintf(message, SS_MESSAGE_SIZE, "OpenJPEG: the codestream could not be decoded");
    return ok ? 0 : 1;
}

static void ss_j2k_close(opj_codec_t *codec, opj_stream_t *stream, opj_image_t *image) {
    if (image) opj_image_destroy(image);
    if (stream) opj_stream_destroy(stream);
    if (codec) opj_destroy_codec(codec);
}

static void ss_j2k_describe(const opj_image_t *image, ss_frame_info *info) {
    const opj_image_comp_t *first = &image->comps[0];
    *info = ss_frame((int32_t)(image->x1 - image->x0), (int32_t)(image->y1 - image->y0), (int32_t)image->numcomps,
                     (int32_t)first->prec);
    info->isSigned = (int32_t)first->sgnd;
    for (OPJ_UINT32 c = 0; c < image->numcomps; c++) {
        const opj_image_comp_t *comp = &image->comps[c];
        if (comp->dx != 1 || comp->dy != 1 || comp->prec != first->prec || comp->sgnd != first->sgnd)
            info->subsampled = 1;
    }
}

int ss_j2k_header(const uint8_t *data, size_t size, ss_frame_info *info, char *message) {
    ss_memory memory;
    opj_codec_t *codec;
    opj_stream_t *stream;
    opj_image_t *image;
    int failed = ss_j2k_open(data, size, 0, &memory, &codec, &stream, &image, message);
    if (!failed) ss_j2k_describe(image, info);
    ss_j2k_close(codec, stream, image);
    return failed;
}

int ss_j2k_decode(const uint8_t *data, size_t size, int bytes_per_sample, uint8_t *out, size_t out_size,
                  char *message) {
    ss_memory memory;
    opj_codec_t *codec;
    opj_stream_t *stream;
    opj_image_t *image;
    if (ss_j2k_open(data, size, 1, &memory, &codec, &stream, &image, message)) {
        ss_j2k_close(codec, stream, image);
        return 1;
    }
    ss_frame_info info;
    ss_j2k_describe(image, &info);
    size_t pixels = (size_t)info.width * (size_t)info.height, components = image->numcomps;
    if (info.subsampled || pixels * components * (size_t)bytes_per_sample != out_size) {
        snprintf(message, SS_MESSAGE_SIZE, "OpenJPEG: decoded %dx%dx%d does not fill the %zu bytes the header promised",
                 info.width, info.height, info.components, out_size);
        ss_j2k_close(codec, stream, image);
        return 1;
    }
    for (size_t c = 0; c < components; c++) {
        const OPJ_INT32 *samples = image->comps[c].data;
        if (!samples) {
            snprintf(message, SS_MESSAGE_SIZE, "OpenJPEG: component %zu has no decoded data", c);
            ss_j2k_close(codec, stream, image);
            return 1;
        }
        for (size_t p = 0; p < pixels; p++) {
            uint32_t value = (uint32_t)samples[p];
            uint8_t *to = out + (p * components + c) * (size_t)bytes_per_sample;
            for (int b = 0; b < bytes_per_sample; b++) to[b] = (uint8_t)(value >> (8 * b));
        }
    }
    ss_j2k_close(codec, stream, image);
    return 0;
}
