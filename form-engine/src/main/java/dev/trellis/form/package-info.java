/**
 * The form engine: form metadata (a layout tree with sub-tables, per-element rules and record types), compiled
 * with the object's metadata and the viewer's permissions into a server-side validator and a render model;
 * the submission that saves a record with its detail lines in one transaction ({@link dev.trellis.form.FormService});
 * and the files of attachment and image fields, typed by their bytes and served through their record's
 * permissions ({@link dev.trellis.form.AttachmentService}). See {@code docs/forms.md}.
 */
package dev.trellis.form;
