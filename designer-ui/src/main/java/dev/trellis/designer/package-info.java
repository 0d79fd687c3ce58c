/**
 * The studio: Vaadin views that edit metadata through the engines' public APIs. Empty until the designer issues.
 */
package dev.trellis.designer;
