/* ms-table-cell.c
 *
 * Copyright 2026 The Mesoscope Authors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#define G_LOG_DOMAIN "ms-table-cell"

#include "config.h"

#include "ms-table-cell.h"

/*
 * One line of text in a table cell, ellipsized at the end; numbers are
 * right-aligned with tabular figures.
 *
 * GtkColumnView (GTK 4.8) keeps about 200 rows, eight cells each, and built
 * them all in one frame when a table first filled (they now come 25 a
 * frame, see ms-row-model.c). GtkInscription made its own PangoContext
 * for each cell when created and shaped a sample text for font metrics on
 * every measure: a third of the 60 ms that first filling blocked the main
 * loop.
 * These cells share their table's PangoContext, measure from metrics read
 * once per font, and make their PangoLayout only when first drawn (for the
 * rows on screen).
 *
 * What this gives up: the cell's own CSS text attributes (letter spacing,
 * font features) are not applied; its font is the table's.
 */

struct _MsTableCell
{
  GtkWidget    parent_instance;

  char        *text;
  PangoLayout *layout;          /* made when first drawn */
  guint        measured_serial; /* of the shared context's metrics, when last measured */
  guint        numeric : 1;
};

G_DEFINE_FINAL_TYPE (MsTableCell, ms_table_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_NUMERIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Font metrics in Pango units, kept on the shared context. */
typedef struct
{
  guint serial;
  int   char_width;
  int   ascent;
  int   descent;
} Metrics;

#define MIN_CHARS 3
#define TEXT_NAT_CHARS 16
#define NUMBER_NAT_CHARS 8

static GQuark metrics_quark;

static PangoContext *
get_shared_context (MsTableCell *self)
{
  GtkWidget *table = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);

  return gtk_widget_get_pango_context (table != NULL ? table : GTK_WIDGET (self));
}

static const Metrics *
get_metrics (PangoContext *context)
{
  Metrics *metrics = g_object_get_qdata (G_OBJECT (context), metrics_quark);
  guint serial = pango_context_get_serial (context);

  if (metrics == NULL)
    {
      metrics = g_new0 (Metrics, 1);
      g_object_set_qdata_full (G_OBJECT (context), metrics_quark, metrics, g_free);
    }
  else if (metrics->serial == serial)
    {
      return metrics;
    }

  {
    PangoFontMetrics *font_metrics = pango_context_get_metrics (context, NULL, NULL);

    metrics->serial = serial;
    metrics->char_width = MAX (pango_font_metrics_get_approximate_char_width (font_metrics),
                               pango_font_metrics_get_approximate_digit_width (font_metrics));
    metrics->ascent = pango_font_metrics_get_ascent (font_metrics);
    metrics->descent = pango_font_metrics_get_descent (font_metrics);
    pango_font_metrics_unref (font_metrics);
  }

  return metrics;
}

static void
ms_table_cell_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  MsTableCell *self = MS_TABLE_CELL (widget);
  PangoContext *context = get_shared_context (self);
  const Metrics *metrics = get_metrics (context);

  self->measured_serial = metrics->serial;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL (MIN_CHARS * metrics->char_width);
      *natural = PANGO_PIXELS_CEIL ((self->numeric ? NUMBER_NAT_CHARS : TEXT_NAT_CHARS) *
                                    metrics->char_width);
    }
  else
    {
      *minimum = *natural = PANGO_PIXELS_CEIL (metrics->ascent + metrics->descent);
    }
}

static void
update_alignment (MsTableCell *self)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;

  if (self->layout == NULL)
    return;

  if (self->numeric)
    pango_layout_set_alignment (self->layout, rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
  else
    pango_layout_set_alignment (self->layout, rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
}

static PangoLayout *
ensure_layout (MsTableCell *self)
{
  PangoContext *context = get_shared_context (self);

  /* Moved to another table: lay out anew. */
  if (self->layout != NULL && pango_layout_get_context (self->layout) != context)
    g_clear_object (&self->layout);

  if (self->layout == NULL)
    {
      self->layout = pango_layout_new (context);
      /* One line whatever the text holds: data from a cluster may have line breaks. */
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      /* Aligned as the interface reads, whatever the text's own direction:
       * a Latin host name in a right-to-left table lines up with the rest.
       */
      pango_layout_set_auto_dir (self->layout, FALSE);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_text (self->layout, self->text ? self->text : "", -1);
      if (self->numeric)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
          pango_layout_set_attributes (self->layout, attrs);
          pango_attr_list_unref (attrs);
        }
      update_alignment (self);
    }

  /* A change of the context (font, direction) the layout notices itself. */
  pango_layout_set_width (self->layout, gtk_widget_get_width (GTK_WIDGET (self)) * PANGO_SCALE);

  return self->layout;
}

static void
ms_table_cell_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  MsTableCell *self = MS_TABLE_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  GdkRGBA color;
  int y;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0 || height <= 0)
    return;

  layout = ensure_layout (self);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  y = MAX (0, (height - logical.height) / 2);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

/* A font change reaches the table's context first (CSS is validated from
 * the top down): measure again when it changed.
 */
static void
ms_table_cell_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  MsTableCell *self = MS_TABLE_CELL (widget);

  GTK_WIDGET_CLASS (ms_table_cell_parent_class)->css_changed (widget, change);

  if (self->measured_serial != 0 &&
      self->measured_serial != pango_context_get_serial (get_shared_context (self)))
    gtk_widget_queue_resize (widget);
}

static void
ms_table_cell_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (ms_table_cell_parent_class)->direction_changed (widget, previous);
  update_alignment (MS_TABLE_CELL (widget));
}

/* Text cut short is shown whole in a tooltip. */
static gboolean
ms_table_cell_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_tooltip,
                             GtkTooltip *tooltip)
{
  MsTableCell *self = MS_TABLE_CELL (widget);

  if (self->layout == NULL || !pango_layout_is_ellipsized (self->layout))
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->text);

  return TRUE;
}

static void
ms_table_cell_finalize (GObject *object)
{
  MsTableCell *self = MS_TABLE_CELL (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ms_table_cell_parent_class)->finalize (object);
}

static void
ms_table_cell_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MsTableCell *self = MS_TABLE_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_NUMERIC:
      g_value_set_boolean (value, self->numeric);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_table_cell_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MsTableCell *self = MS_TABLE_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      ms_table_cell_set_text (self, g_value_get_string (value));
      break;

    case PROP_NUMERIC:
      self->numeric = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ms_table_cell_class_init (MsTableCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ms_table_cell_finalize;
  object_class->get_property = ms_table_cell_get_property;
  object_class->set_property = ms_table_cell_set_property;

  widget_class->measure = ms_table_cell_measure;
  widget_class->snapshot = ms_table_cell_snapshot;
  widget_class->css_changed = ms_table_cell_css_changed;
  widget_class->direction_changed = ms_table_cell_direction_changed;
  widget_class->query_tooltip = ms_table_cell_query_tooltip;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NUMERIC] =
    g_param_spec_boolean ("numeric", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);

  metrics_quark = g_quark_from_static_string ("ms-table-cell-metrics");
}

static void
ms_table_cell_init (MsTableCell *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
ms_table_cell_new (gboolean numeric)
{
  return g_object_new (MS_TYPE_TABLE_CELL,
                       "numeric", numeric,
                       NULL);
}

const char *
ms_table_cell_get_text (MsTableCell *self)
{
  g_return_val_if_fail (MS_IS_TABLE_CELL (self), NULL);

  return self->text;
}

/* A new text is drawn, not measured again: the size is the font's. */
void
ms_table_cell_set_text (MsTableCell *self,
                        const char  *text)
{
  g_return_if_fail (MS_IS_TABLE_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text ? self->text : "", -1);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->text,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}
