/**
 * The form engine: form metadata (a layout tree with sub-tables and per-element rules), compiled with the
 * object's metadata and the viewer's permissions into a server-side validator and a render model.
 */
package dev.trellis.form;
