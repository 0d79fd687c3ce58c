/**
 * The form engine: form definitions compiled to a server-side validator and a render model. Empty until the form-engine issue.
 */
package dev.trellis.form;
