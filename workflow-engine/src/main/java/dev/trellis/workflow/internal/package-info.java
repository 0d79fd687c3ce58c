/**
 * The workflow engine's implementation: reading and checking BPMN ({@code BpmnReader}, {@code BpmnChecker}), the
 * flow kind, the compiler to deployable BPMN, flow versions and deployments, the {@code trellis} bean the compiled
 * BPMN calls ({@code FlowRuntime}), approver resolution, the task mirror and store, the record lock and the flow
 * starts. Only {@code WorkflowEngine}, {@code FlowKind} and {@code FlowStartPoller} are public, for the wiring.
 */
package dev.trellis.workflow.internal;
