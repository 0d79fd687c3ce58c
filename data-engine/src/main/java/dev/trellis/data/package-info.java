/**
 * Data in and out: the platform's one xlsx/CSV {@link dev.trellis.data.TableWriter} (shared with report
 * exports), exports of record queries with the viewer's permissions, and imports of xlsx and CSV files into
 * any object through the record service, as jobs with a dry run, progress and a rejected-rows report.
 */
package dev.trellis.data;
