/** The engines' JSON mapper and structural JSON diff. */
package dev.trellis.core.json;
