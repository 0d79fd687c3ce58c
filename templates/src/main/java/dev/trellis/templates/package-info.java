/**
 * Packages: the format, install, upgrade and export, and the shipped channel-management package. Empty until the templates issue.
 */
package dev.trellis.templates;
