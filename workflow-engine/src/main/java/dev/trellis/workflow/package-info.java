/**
 * The workflow engine: approval flows drawn in BPMN 2.0 ({@code flow} metadata), compiled into BPMN that calls
 * only Trellis code and run on an embedded Flowable engine in the platform's transactions; approver resolution
 * and approval modes, the record's approval status and lock, the task inbox and the approval timeline.
 * {@link dev.trellis.workflow.WorkflowService} is the way in; {@link dev.trellis.workflow.WorkflowEngineConfiguration}
 * wires it.
 */
package dev.trellis.workflow;
