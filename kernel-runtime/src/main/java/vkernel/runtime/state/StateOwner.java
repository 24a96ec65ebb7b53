package vkernel.runtime.state;

import java.util.List;
import vkernel.kernel.state.StateRecord;

/**
 * The layer's tables, as its restore sees them: a layer that keeps state on Kafka
 * provides one bean of this type, and {@link LayerState} hands it the live objects of
 * its state topic before the layer serves. A layer without one serves at once, empty.
 */
public interface StateOwner {
    /** Rebuilds the tables from the live objects (in the order they were last written); returns how many were taken. */
    int rebuild(List<StateRecord> live);
}
