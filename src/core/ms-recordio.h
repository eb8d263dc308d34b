/* ms-recordio.h
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A length line longer than this is not a length. */
#define MS_RECORDIO_MAX_LENGTH_DIGITS 20
/* Records up to this size are buffered and handed over whole. */
#define MS_RECORDIO_DEFAULT_WHOLE_LIMIT (4 * 1024 * 1024)
/* No record may be larger: 10k agents and 100k tasks are ~205 MB. */
#define MS_RECORDIO_DEFAULT_MAX_RECORD (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)

typedef struct _MsRecordioDecoder MsRecordioDecoder;

/**
 * MsRecordioCallbacks:
 * @record: a whole record of at most the whole-record limit; @data is only
 *   valid during the call
 * @begin: a larger record starts; its bytes follow through @chunk as they
 *   arrive, then @end
 * @chunk: the next bytes of a large record
 * @end: the large record is complete
 *
 * Each returns %FALSE with @error set to stop decoding.
 */
typedef struct
{
  gboolean (*record) (const guint8 *data, gsize len, gpointer user_data, GError **error);
  gboolean (*begin)  (guint64 len, gpointer user_data, GError **error);
  gboolean (*chunk)  (const guint8 *data, gsize len, gpointer user_data, GError **error);
  gboolean (*end)    (gpointer user_data, GError **error);
} MsRecordioCallbacks;

MsRecordioDecoder *ms_recordio_decoder_new         (const MsRecordioCallbacks *callbacks,
                                                    gpointer                   user_data);
void               ms_recordio_decoder_free        (MsRecordioDecoder         *self);
void               ms_recordio_decoder_set_limits  (MsRecordioDecoder         *self,
                                                    gsize                      whole_limit,
                                                    guint64                    max_record);
gboolean           ms_recordio_decoder_feed        (MsRecordioDecoder         *self,
                                                    const guint8              *data,
                                                    gsize                      len,
                                                    GError                   **error);
gboolean           ms_recordio_decoder_is_idle     (MsRecordioDecoder         *self);
guint64            ms_recordio_decoder_get_records (MsRecordioDecoder         *self);
void               ms_recordio_decoder_reset       (MsRecordioDecoder         *self);
GBytes            *ms_recordio_encode              (const char                *data,
                                                    gssize                     len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsRecordioDecoder, ms_recordio_decoder_free)

G_END_DECLS
