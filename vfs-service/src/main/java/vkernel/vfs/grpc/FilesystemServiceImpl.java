package vkernel.vfs.grpc;


import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.errno.v1.Errno;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.core.FileSystemType;
import vkernel.vfs.core.FileSystems;
import vkernel.vfs.v1.FilesystemServiceGrpc;
import vkernel.vfs.v1.RegisterFilesystemRequest;
import vkernel.vfs.v1.RegisterFilesystemResponse;
import vkernel.vfs.v1.UnregisterFilesystemRequest;
import vkernel.vfs.v1.UnregisterFilesystemResponse;

/** register_filesystem / unregister_filesystem, as leases (the core's FileSystems). */
@GrpcService
public class FilesystemServiceImpl extends FilesystemServiceGrpc.FilesystemServiceImplBase {
    @Inject
    VfsState state;

    @Inject
    KernelRuntime runtime;

    @Override
    public void registerFilesystem(RegisterFilesystemRequest req, StreamObserver<RegisterFilesystemResponse> out) {
        FileSystems fs = state.fileSystems();
        Errno e = fs.registerFilesystem(FileSystemType.of(req.getFsType(), req.getAddress(), req.getPublicAddress()),
                req.getInstanceId());
        if (e != Errno.ERRNO_UNSPECIFIED) {
            state.reply(out, RegisterFilesystemResponse.newBuilder().setErrno(e).build());
            return;
        }
        runtime.channels().instanceRegistered(req.getAddress()); // cheap, and a restarted owner is reached at once
        state.reply(out, RegisterFilesystemResponse.newBuilder().setLeaseMs(fs.leaseMillis()).build());
    }

    @Override
    public void unregisterFilesystem(UnregisterFilesystemRequest req, StreamObserver<UnregisterFilesystemResponse> out) {
        state.fileSystems().unregisterFilesystem(req.getFsType(), req.getInstanceId());
        runtime.events().step("unregister_filesystem").field("fs_type", req.getFsType()).end();
        state.reply(out, UnregisterFilesystemResponse.getDefaultInstance());
    }
}
