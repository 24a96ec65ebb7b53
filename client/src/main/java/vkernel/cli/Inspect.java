package vkernel.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import vkernel.socket.v1.InspectSocketRequest;
import vkernel.socket.v1.InspectSocketResponse;
import vkernel.socket.v1.NetFamiliesServiceGrpc;
import vkernel.vfs.v1.ListTaskFdsResponse;
import vkernel.vfs.v1.ListTaskFdsRequest;
import vkernel.vfs.v1.ListTasksRequest;
import vkernel.vfs.v1.ProcessServiceGrpc;
import vkernel.vfs.v1.TaskInfo;
import vkernel.vfs.v1.UnameRequest;

/**
 * What vk ps, ls, inspect and ss read: the kernel's structures from the layer that owns
 * each one (tasks and files from vfs-service, struct socket from socket-service, the
 * sock from its family's service), with the admin credential, as root reads /proc.
 * {@link ProcFormat} and {@link Ss} print them.
 */
final class Inspect implements AutoCloseable {
    private final ManagedChannel vfs;
    private final ManagedChannel socket;
    private final Metadata admin = new Metadata();
    private final String address;
    private final String secret;

    Inspect(String address, String secret) {
        this.address = address;
        this.secret = secret;
        admin.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + secret);
        vfs = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
        String sock;
        try {
            sock = ProcessServiceGrpc.newBlockingStub(vfs).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .uname(UnameRequest.getDefaultInstance()).getSocketAddress();
        } catch (RuntimeException e) {
            vfs.shutdownNow(); // no kernel there: the caller reports it
            throw e;
        }
        socket = sock.isEmpty() ? null : ManagedChannelBuilder.forTarget(sock).usePlaintext().build();
    }

    private <S extends AbstractStub<S>> S adminStub(S stub) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(admin)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** The kernel's address (vfs-service's), for commands that act as a task (vk ss). */
    String address() {
        return address;
    }

    /** The admin credential, which spawns tasks in any namespace. */
    String secret() {
        return secret;
    }

    /** Every task, as /proc lists them (vk ps, vk ss). */
    java.util.List<TaskInfo> tasks() {
        return adminStub(ProcessServiceGrpc.newBlockingStub(vfs)).listTasks(ListTasksRequest.getDefaultInstance()).getTasksList();
    }

    /** struct socket and its sock, for vk ss; null when socket-service is not known or the inode is no socket. */
    InspectSocketResponse socket(long ino) {
        InspectSocketResponse s = inspectSocket(ino);
        return s != null && s.getErrno() == vkernel.errno.v1.Errno.ERRNO_UNSPECIFIED ? s : null;
    }

    /** socket-service's answer for the inode, as it is (vk inspect); null when socket-service is not known. */
    InspectSocketResponse inspectSocket(long ino) {
        if (socket == null) {
            return null;
        }
        return adminStub(NetFamiliesServiceGrpc.newBlockingStub(socket))
                .inspectSocket(InspectSocketRequest.newBuilder().setIno(ino).build());
    }

    ListTaskFdsResponse fds(int pid) {
        try {
            return adminStub(ProcessServiceGrpc.newBlockingStub(vfs)).listTaskFds(ListTaskFdsRequest.newBuilder().setPid(pid).build());
        } catch (StatusRuntimeException e) {
            throw new IllegalArgumentException("no task " + pid, e);
        }
    }

    @Override
    public void close() {
        vfs.shutdownNow();
        if (socket != null) {
            socket.shutdownNow();
        }
    }
}
