package vkernel.vfs.core;

import com.google.protobuf.ByteString;
import vkernel.errno.v1.Errno;

/** What read_iter / write_iter return: bytes moved (or -1), the errno, and for a read the bytes. */
public record IoResult(long ret, Errno errno, ByteString data) {
    public static final IoResult EOF = new IoResult(0, Errno.ERRNO_UNSPECIFIED, ByteString.EMPTY);

    public static IoResult ok(long ret) {
        return new IoResult(ret, Errno.ERRNO_UNSPECIFIED, ByteString.EMPTY);
    }

    public static IoResult fail(Errno errno) {
        return new IoResult(-1, errno, ByteString.EMPTY);
    }
}
