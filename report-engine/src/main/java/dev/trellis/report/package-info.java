/**
 * The report engine: report definitions compiled to one SQL statement each, dashboards and exports. Empty until the report issue.
 */
package dev.trellis.report;
