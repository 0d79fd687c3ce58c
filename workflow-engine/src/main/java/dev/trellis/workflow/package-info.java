/**
 * The workflow engine: BPMN approval flows on Flowable bound to objects, and the task inbox. Empty until the workflow issue.
 */
package dev.trellis.workflow;
