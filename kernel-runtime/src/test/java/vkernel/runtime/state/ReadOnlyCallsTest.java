package vkernel.runtime.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vkernel.vfs.v1.FileServiceGrpc;
import vkernel.vfs.v1.InodeServiceGrpc;

class ReadOnlyCallsTest {
    @Test
    void fgetIsALookupAndWhatChangesATableIsNot() {
        assertTrue(ReadOnlyCalls.readOnly("vkernel.vfs.v1.InodeService/Fget"));
        assertFalse(ReadOnlyCalls.readOnly(InodeServiceGrpc.getNewInodeMethod().getFullMethodName()));
        assertFalse(ReadOnlyCalls.readOnly(InodeServiceGrpc.getFdInstallMethod().getFullMethodName()));
        assertFalse(ReadOnlyCalls.readOnly(FileServiceGrpc.getCloseMethod().getFullMethodName()));
    }
}
