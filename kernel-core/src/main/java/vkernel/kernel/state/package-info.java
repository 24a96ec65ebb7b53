/**
 * A layer's tables as a log: the cores record every change of an object they own
 * ({@link vkernel.kernel.state.StateChanges}), the binding writes them to the layer's
 * compacted state topic, and a starting layer rebuilds its tables from the latest value
 * of every key ({@link vkernel.kernel.state.StateRecord}). Plain Java: the Kafka side is
 * kernel-runtime's.
 */
package vkernel.kernel.state;
