package vkernel.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import vkernel.net.v1.Field;
import vkernel.socket.v1.InspectSocketRequest;
import vkernel.socket.v1.InspectSocketResponse;
import vkernel.socket.v1.NetFamiliesServiceGrpc;
import vkernel.uapi.Constants;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.ListTaskFdsResponse;
import vkernel.vfs.v1.ListTaskFdsRequest;
import vkernel.vfs.v1.ListTasksRequest;
import vkernel.vfs.v1.ProcessServiceGrpc;
import vkernel.vfs.v1.TaskInfo;
import vkernel.vfs.v1.UnameRequest;

/**
 * vk ps, vk ls and vk inspect: the kernel's structures read from the layer that owns
 * each one (tasks and files from vfs-service, struct socket from socket-service, the
 * sock from its family's service), with the admin credential, as root reads /proc.
 */
final class Inspect implements AutoCloseable {
    private final ManagedChannel vfs;
    private final ManagedChannel socket;
    private final Metadata admin = new Metadata();

    Inspect(String address, String secret) {
        admin.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + secret);
        vfs = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
        String sock = ProcessServiceGrpc.newBlockingStub(vfs).withDeadlineAfter(5, TimeUnit.SECONDS)
                .uname(UnameRequest.getDefaultInstance()).getSocketAddress();
        socket = sock.isEmpty() ? null : ManagedChannelBuilder.forTarget(sock).usePlaintext().build();
    }

    private <S extends AbstractStub<S>> S adminStub(S stub) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(admin)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    int ps(PrintStream out) {
        out.printf("%6s %6s %6s %6s %4s  %-16s %s%n", "PID", "UID", "GID", "NETNS", "FDS", "CAPS", "COMM");
        for (TaskInfo t : adminStub(ProcessServiceGrpc.newBlockingStub(vfs)).listTasks(ListTasksRequest.getDefaultInstance())
                .getTasksList().stream().sorted((a, b) -> Integer.compare(a.getPid(), b.getPid())).toList()) {
            out.printf("%6d %6d %6d %6d %4d  %016x %s%n", t.getPid(), t.getUid(), t.getGid(), t.getNetns(), t.getFdCount(),
                    t.getCapEffective(), t.getComm());
        }
        return 0;
    }

    int ls(int pid, PrintStream out) {
        for (FdInfo f : fds(pid).getFdsList()) {
            out.printf("%d -> %s  %s%s%n", f.getFd(), target(f), fileFlags(f.getFFlags()), f.getCloexec() ? " close-on-exec" : "");
        }
        return 0;
    }

    int inspect(int pid, int fd, PrintStream out) {
        FdInfo f = fds(pid).getFdsList().stream().filter(i -> i.getFd() == fd).findFirst().orElse(null);
        if (f == null) {
            out.println("vk inspect: task " + pid + " has no fd " + fd + " (EBADF)");
            return 1;
        }
        out.printf("file    fd=%d f_flags=%s (0%o) f_count=%d close_on_exec=%d f_op=%s%n", fd, fileFlags(f.getFFlags()),
                f.getFFlags(), f.getFCount(), f.getCloexec() ? 1 : 0, f.getFsType().equals("sockfs") ? "socket_file_ops" : "null_fops");
        out.printf("inode   i_ino=%d i_mode=%s i_sb=%s%n", f.getIno(), f.getFsType().equals("sockfs") ? "S_IFSOCK|0777" : "S_IFCHR|0666",
                f.getFsType());
        if (!f.getFsType().equals("sockfs") || socket == null) {
            return 0;
        }
        InspectSocketResponse s = adminStub(NetFamiliesServiceGrpc.newBlockingStub(socket))
                .inspectSocket(InspectSocketRequest.newBuilder().setIno(f.getIno()).build());
        out.printf("socket  state=%s type=%s family=%s ops=%s sk=%d%n", s.getState(), name("SOCK_", s.getType()),
                name("AF_", s.getFamily()), s.getSockDetail().getOps().isEmpty() ? "?" : s.getSockDetail().getOps(), s.getSock());
        out.printf("sock    prot=%s held by %s%n", s.getSockDetail().getProt(), s.getFamilyService());
        for (Field field : s.getSockDetail().getFieldsList()) {
            out.printf("  %-14s %-18s %s%n", field.getStructName(), field.getName(), field.getValue());
        }
        return 0;
    }

    /** Every task, for vk ss. */
    java.util.List<TaskInfo> tasks() {
        return adminStub(ProcessServiceGrpc.newBlockingStub(vfs)).listTasks(ListTasksRequest.getDefaultInstance()).getTasksList();
    }

    /** struct socket and its sock, for vk ss; null when socket-service is not known or the inode is no socket. */
    InspectSocketResponse socket(long ino) {
        if (socket == null) {
            return null;
        }
        InspectSocketResponse s = adminStub(NetFamiliesServiceGrpc.newBlockingStub(socket))
                .inspectSocket(InspectSocketRequest.newBuilder().setIno(ino).build());
        return s.getErrno() == vkernel.errno.v1.Errno.ERRNO_UNSPECIFIED ? s : null;
    }

    ListTaskFdsResponse fds(int pid) {
        try {
            return adminStub(ProcessServiceGrpc.newBlockingStub(vfs)).listTaskFds(ListTaskFdsRequest.newBuilder().setPid(pid).build());
        } catch (StatusRuntimeException e) {
            throw new IllegalArgumentException("no task " + pid, e);
        }
    }

    private static String target(FdInfo f) {
        return f.getFsType().equals("sockfs") ? "socket:[" + f.getIno() + "]" : "/dev/null";
    }

    private static String fileFlags(int flags) {
        String acc = switch (flags & 3) {
            case 0 -> "O_RDONLY";
            case 1 -> "O_WRONLY";
            default -> "O_RDWR";
        };
        return acc + ((flags & 04000) != 0 ? "|O_NONBLOCK" : "");
    }

    /** The C name of a constant with this prefix and value, or the number. */
    private static String name(String prefix, int value) {
        return Constants.all().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix) && e.getValue() == value)
                .map(java.util.Map.Entry::getKey).sorted().findFirst().orElse(Integer.toString(value));
    }

    @Override
    public void close() {
        vfs.shutdownNow();
        if (socket != null) {
            socket.shutdownNow();
        }
    }
}
