/** The data engine's implementation: file readers and writers, value conversion, the import runner. */
package dev.trellis.data.internal;
