/** Schema migration: the plan that turns one published generation's tables into the next. */
package dev.trellis.core.schema;
