// libjpeg-turbo behind setjmp: libjpeg's default error handler calls exit(), so errors jump back here instead.
#include "scanselect_codecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
    char *message;
} ss_jpeg_error;

static void ss_jpeg_error_exit(j_common_ptr cinfo) {
    ss_jpeg_error *error = (ss_jpeg_error *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    snprintf(error->message, SS_MESSAGE_SIZE, "libjpeg: %s", text);
    longjmp(error->escape, 1);
}

// Warnings that mean data is missing or corrupt (libjpeg would pad with grey) are errors: never garbage pixels.
// Others (e.g. a sequential scan with odd Ss/Se, which GDCM also accepts) keep their warning-only status.
static void ss_jpeg_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;
    switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
    case JWRN_HUFF_BAD_CODE:
        ss_jpeg_error_exit(cinfo);
        break;
    default:
        break;
    }
}

static int ss_jpeg_run(const uint8_t *data, size_t size, ss_frame_info *info, int convert_to_rgb, uint8_t *out,
                       size_t out_size, char *message) {
    struct jpeg_decompress_struct cinfo;
    ss_jpeg_error error;
    cinfo.err = jpeg_std_error(&error.base);
    error.base.error_exit = ss_jpeg_error_exit;
    error.base.emit_message = ss_jpeg_emit_message;
    error.message = message;
    jpeg_create_decompress(&cinfo);
    if (setjmp(error.escape)) {
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (info)
        *info = ss_frame((int32_t)cinfo.image_width, (int32_t)cinfo.image_height, cinfo.num_components,
                         cinfo.data_precision);
    if (!out) {
        jpeg_destroy_decompress(&cinfo);
        return 0;
    }
    // DICOM keeps colour as the header names it (YBR_FULL stays YCbCr, as GDCM and pydicom return it), so by
    // default no conversion: only the upsampling of subsampled chroma happens.
    cinfo.out_color_space = convert_to_rgb && cinfo.num_components == 3 ? JCS_RGB : cinfo.jpeg_color_space;
    jpeg_start_decompress(&cinfo);
    size_t row_bytes = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    if (row_bytes * cinfo.output_height > out_size) {
        snprintf(message, SS_MESSAGE_SIZE, "libjpeg: decoded frame of %ux%ux%d exceeds the %zu bytes expected",
                 cinfo.output_width, cinfo.output_height, cinfo.output_components, out_size);
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out + row_bytes * cinfo.output_scanline;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

int ss_jpeg_header(const uint8_t *data, size_t size, ss_frame_info *info, char *message) {
    return ss_jpeg_run(data, size, info, 0, NULL, 0, message);
}

int ss_jpeg_decode(const uint8_t *data, size_t size, int convert_to_rgb, uint8_t *out, size_t out_size,
                   char *message) {
    return ss_jpeg_run(data, size, NULL, convert_to_rgb, out, out_size, message);
}
