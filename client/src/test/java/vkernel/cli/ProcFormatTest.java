package vkernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import vkernel.net.v1.Field;
import vkernel.net.v1.InspectResponse;
import vkernel.socket.v1.InspectSocketResponse;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.TaskInfo;

/** vk ps, ls and inspect printed from fixed data, as text (unchanged) and with --output json. */
class ProcFormatTest {
    static final List<TaskInfo> TASKS = List.of(
            TaskInfo.newBuilder().setPid(12).setComm("b").setUid(1000).setGid(1000).setNetns(4026531840L).setFdCount(1).build(),
            TaskInfo.newBuilder().setPid(3).setComm("a").setCapEffective(0x1ffffffffffL).setNetns(4026531840L).setFdCount(4).build());
    static final FdInfo SOCK_FD = FdInfo.newBuilder().setFd(3).setIno(1042).setFsType("sockfs").setFFlags(04002).setFCount(1)
            .setCloexec(true).build();
    static final FdInfo NULL_FD = FdInfo.newBuilder().setFd(0).setIno(7).setFsType("devtmpfs").setFFlags(0).setFCount(2).build();
    static final InspectSocketResponse SOCKET = InspectSocketResponse.newBuilder().setFamily(2).setType(1).setState("SS_UNCONNECTED")
            .setSock(99).setFamilyService("localhost:7003").setSockDetail(InspectResponse.newBuilder().setOps("inet_stream_ops")
                    .setProt("tcp_prot").addFields(Field.newBuilder().setStructName("sock").setName("sk_state").setValue("TCP_CLOSE"))
                    .addFields(Field.newBuilder().setStructName("inet_sock").setName("inet_num").setValue("0")))
            .build();

    static String printed(Consumer<PrintStream> print) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        print.accept(new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void psTextIsTheColumnsByPid() {
        assertEquals("""
                   PID    UID    GID  NETNS  FDS  CAPS             COMM
                     3      0      0 4026531840    4  000001ffffffffff a
                    12   1000   1000 4026531840    1  0000000000000000 b
                """, printed(o -> ProcFormat.ps(TASKS, false, o)));
    }

    @Test
    void psJsonHasTheSameFields() {
        assertEquals("""
                [
                  {
                    "pid": 3,
                    "uid": 0,
                    "gid": 0,
                    "netns": 4026531840,
                    "fds": 4,
                    "caps": "000001ffffffffff",
                    "comm": "a"
                  },
                  {
                    "pid": 12,
                    "uid": 1000,
                    "gid": 1000,
                    "netns": 4026531840,
                    "fds": 1,
                    "caps": "0000000000000000",
                    "comm": "b"
                  }
                ]
                """, printed(o -> ProcFormat.ps(TASKS, true, o)));
    }

    @Test
    void lsTextAndJson() {
        assertEquals("""
                0 -> /dev/null  O_RDONLY
                3 -> socket:[1042]  O_RDWR|O_NONBLOCK close-on-exec
                """, printed(o -> ProcFormat.ls(List.of(NULL_FD, SOCK_FD), false, o)));
        assertEquals("""
                [
                  {
                    "fd": 0,
                    "target": "/dev/null",
                    "f_flags": "O_RDONLY",
                    "close_on_exec": false
                  },
                  {
                    "fd": 3,
                    "target": "socket:[1042]",
                    "f_flags": "O_RDWR|O_NONBLOCK",
                    "close_on_exec": true
                  }
                ]
                """, printed(o -> ProcFormat.ls(List.of(NULL_FD, SOCK_FD), true, o)));
        assertEquals("[]\n", printed(o -> ProcFormat.ls(List.of(), true, o)));
    }

    @Test
    void inspectTextOfASocket() {
        assertEquals("""
                file    fd=3 f_flags=O_RDWR|O_NONBLOCK (04002) f_count=1 close_on_exec=1 f_op=socket_file_ops
                inode   i_ino=1042 i_mode=S_IFSOCK|0777 i_sb=sockfs
                socket  state=SS_UNCONNECTED type=SOCK_STREAM family=AF_INET ops=inet_stream_ops sk=99
                sock    prot=tcp_prot held by localhost:7003
                  sock           sk_state           TCP_CLOSE
                  inet_sock      inet_num           0
                """, printed(o -> ProcFormat.inspect(SOCK_FD, SOCKET, false, o)));
    }

    @Test
    void inspectJsonOfASocket() {
        assertEquals("""
                {
                  "file": {
                    "fd": 3,
                    "f_flags": "O_RDWR|O_NONBLOCK",
                    "f_flags_octal": "04002",
                    "f_count": 1,
                    "close_on_exec": true,
                    "f_op": "socket_file_ops"
                  },
                  "inode": {
                    "i_ino": 1042,
                    "i_mode": "S_IFSOCK|0777",
                    "i_sb": "sockfs"
                  },
                  "socket": {
                    "state": "SS_UNCONNECTED",
                    "type": "SOCK_STREAM",
                    "family": "AF_INET",
                    "ops": "inet_stream_ops",
                    "sk": 99
                  },
                  "sock": {
                    "prot": "tcp_prot",
                    "held_by": "localhost:7003",
                    "fields": [
                      {
                        "struct": "sock",
                        "name": "sk_state",
                        "value": "TCP_CLOSE"
                      },
                      {
                        "struct": "inet_sock",
                        "name": "inet_num",
                        "value": "0"
                      }
                    ]
                  }
                }
                """, printed(o -> ProcFormat.inspect(SOCK_FD, SOCKET, true, o)));
    }

    @Test
    void inspectOfAFileThatIsNoSocketStopsAtTheInode() {
        assertEquals("""
                file    fd=0 f_flags=O_RDONLY (00) f_count=2 close_on_exec=0 f_op=null_fops
                inode   i_ino=7 i_mode=S_IFCHR|0666 i_sb=devtmpfs
                """, printed(o -> ProcFormat.inspect(NULL_FD, null, false, o)));
        String json = printed(o -> ProcFormat.inspect(NULL_FD, null, true, o));
        assertEquals(false, json.contains("\"socket\""), json);
    }
}
